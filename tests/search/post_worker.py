"""A separate process that posts questions through the services and runs the indexer (used by tests)."""

import sys


def main(database_url: str, index_dir: str, backend: str, user_id: int, space_id: int, prefix: str, count: int):
    from app import create_app
    from app.auth.models import User
    from app.core import events
    from app.extensions import db
    from app.qa import services
    from app.qa.models import Space
    from config import TestingConfig

    app = create_app(
        TestingConfig,
        {"SQLALCHEMY_DATABASE_URI": database_url, "SEARCH_INDEX_DIR": index_dir, "SEARCH_BACKEND": backend},
    )
    with app.app_context(), app.test_request_context():
        user = db.session.get(User, user_id)
        space = db.session.get(Space, space_id)
        for i in range(count):
            services.ask_question(user, title=f"{prefix} concurrent walrus post {i}", body=f"Body {i} of {prefix}.",
                                  space=space)  # fmt: skip
            events.run_all_consumers()
        db.session.remove()
        db.engine.dispose()
    print("done", prefix)


if __name__ == "__main__":
    a = sys.argv[1:]
    main(a[0], a[1], a[2], int(a[3]), int(a[4]), a[5], int(a[6]))
