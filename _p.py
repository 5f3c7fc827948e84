import asyncio, sys
from rasa.core.agent import Agent
agent = Agent.load("models/careerpath.tar.gz")
async def main():
    for t in sys.argv[1:]:
        r = await agent.parse_message(t)
        print(repr(t), r["intent"]["name"], round(r["intent"]["confidence"],3), [(e["entity"], e["value"]) for e in r["entities"]], [(i["name"], round(i["confidence"],2)) for i in r["intent_ranking"][:3]])
asyncio.run(main())
