"""Command line of the workspace: serve it, and manage counselor accounts.

python -m workspace [serve] [--host 127.0.0.1] [--port 8001]
python -m workspace counselors add NAME [--admin] [--display-name "..."] [--password-stdin]
python -m workspace counselors list | disable NAME | enable NAME | password NAME [--password-stdin]
python -m workspace demo-admin        first admin with a random password, printed once
"""

from __future__ import annotations

import argparse
import getpass
import sys

from careerpath.accounts import (
    AccountError,
    count_accounts,
    create_account,
    list_accounts,
    random_password,
    set_active,
    set_password,
)
from careerpath.userdata import StorageUnavailable

DEMO_ADMIN = "admin"


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Password (10+ characters): ")
    if getpass.getpass("Repeat it: ") != first:
        raise AccountError("the two passwords differ")
    return first


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m workspace", description="CareerPath counselor workspace"
    )
    commands = parser.add_subparsers(dest="command")
    serve = commands.add_parser("serve", help="serve the workspace (the default)")
    serve.add_argument("--host", default=None)
    serve.add_argument("--port", type=int, default=None)
    commands.add_parser("demo-admin", help="create the first admin account if there is none")
    counselors = commands.add_parser("counselors", help="manage counselor and admin accounts")
    actions = counselors.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="add an account")
    add.add_argument("name")
    add.add_argument(
        "--admin", action="store_true", help="an admin: sees all students and the insights"
    )
    add.add_argument("--display-name")
    add.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    actions.add_parser("list", help="list accounts")
    for name in ("disable", "enable"):
        actions.add_parser(name, help=f"{name} an account").add_argument("name")
    password = actions.add_parser("password", help="set a new password")
    password.add_argument("name")
    password.add_argument("--password-stdin", action="store_true")
    return parser


def ensure_demo_admin() -> str | None:
    """Creates ``admin`` with a random password when there is no admin yet; returns the password."""
    if count_accounts(admins_only=True):
        return None
    password = random_password()
    create_account(DEMO_ADMIN, password, admin=True, display_name="Demo admin")
    return password


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command in (None, "serve"):
            from workspace.server import serve

            serve(host=getattr(args, "host", None), port=getattr(args, "port", None))
        elif args.command == "demo-admin":
            password = ensure_demo_admin()
            if password:
                print(f"Workspace demo admin created - user: {DEMO_ADMIN}  password: {password}")
                print(
                    "(shown once; stored hashed. Add counselors in the workspace or with "
                    "'python -m workspace counselors add NAME'.)"
                )
            else:
                print(
                    "An admin account exists; sign in with yours "
                    "('python -m workspace counselors list' shows them; a forgotten password: "
                    f"'.venv/bin/python -m workspace counselors password {DEMO_ADMIN}')."
                )
        elif args.action == "add":
            account = create_account(
                args.name,
                _read_password(args.password_stdin),
                admin=args.admin,
                display_name=args.display_name,
            )
            print(f"Added {'admin' if account.is_admin else 'counselor'} {account.username}.")
        elif args.action == "list":
            for account in list_accounts():
                role = "admin" if account.is_admin else "counselor"
                state = "active" if account.active else "disabled"
                print(f"{account.username:24} {role:10} {state:9} {account.display_name}")
        elif args.action in ("disable", "enable"):
            account = set_active(args.name, args.action == "enable")
            print(f"{account.username} is now {'active' if account.active else 'disabled'}.")
        elif args.action == "password":
            set_password(args.name, _read_password(args.password_stdin))
            print(f"New password set for {args.name}; their sessions were ended.")
    except AccountError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except StorageUnavailable as error:
        print(f"error: {error}", file=sys.stderr)
        return 3
    return 0
