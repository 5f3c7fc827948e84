import json, sys, time, tempfile
from pathlib import Path
from tests.stack import RasaStack, texts
stack = RasaStack(workdir=Path(tempfile.mkdtemp()))
stack.start()
try:
    u="dbg1"
    for line in ["hi","/ask_career_advice","12th pass","good spoken english and typing"]:
        t=time.time(); m=stack.send(u,line); print(">>",line, round(time.time()-t,2)); print(json.dumps(m)[:600])
    tr=stack.tracker(u)
    for e in tr["events"][-25:]:
        print(e.get("event"), e.get("name"), e.get("value") if e.get("event")=="slot" else "", (e.get("parse_data") or {}).get("intent"), e.get("text","")[:60] if e.get("event")=="user" else "")
finally:
    print(stack.logs()[-3000:])
    stack.stop()
