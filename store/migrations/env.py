"""Alembic environment: the engine is handed over by store.session (config.attributes['engine'])."""

from alembic import context
from sqlalchemy import create_engine

from store.models import Base

config = context.config
engine = config.attributes.get("engine")
if engine is None:  # plain `alembic` command line: use the same URL rules as the app
    from store.session import make_engine

    engine = make_engine(config.get_main_option("sqlalchemy.url") or None)

with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()

_ = create_engine  # keep import for users running alembic directly with a URL
