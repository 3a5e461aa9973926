"""Writes sent to PostgreSQL together (``boxoffice.db.pipeline``), on a real server:
they land in order; a failure among them comes out as SQLAlchemy's own error
and writes nothing; a connection lost meanwhile is marked so its owner takes
a new one. On SQLite the block changes nothing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import (
    Column,
    Connection,
    Integer,
    MetaData,
    String,
    Table,
    bindparam,
    create_engine,
    func,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.exc import DBAPIError, IntegrityError

from boxoffice.db.pipeline import read_together, sent_together
from boxoffice.db.types import UTCDateTime

metadata = MetaData()
seat = Table(
    "seat",
    metadata,
    Column("id", String(8), primary_key=True),
    Column("state", String(16)),
    Column("sold", Integer, default=0),
    Column("held_until", UTCDateTime, nullable=True),
)


@pytest.fixture(params=["sqlite", "postgresql"])
def conn(request: pytest.FixtureRequest, tmp_path: object) -> Iterator[Connection]:
    if request.param == "sqlite":
        engine = create_engine(f"sqlite:///{tmp_path}/pipeline.db")
    else:
        engine = create_engine(request.getfixturevalue("pg_url"))
    metadata.create_all(engine)
    with engine.connect() as connection:
        yield connection
    engine.dispose()


def states(conn: Connection) -> dict[str, str]:
    return {row.id: row.state for row in conn.execute(select(seat.c.id, seat.c.state))}


def test_writes_sent_together_land_in_order(conn: Connection) -> None:
    with sent_together(conn):
        conn.execute(
            insert(seat), [{"id": "r1c1", "state": "held"}, {"id": "r1c2", "state": "held"}]
        )
        conn.execute(update(seat).where(seat.c.id == "r1c1").values(state="sold"))
        conn.execute(update(seat).values(sold=seat.c.sold + 1))
    conn.commit()
    assert states(conn) == {"r1c1": "sold", "r1c2": "held"}
    assert conn.scalar(select(func.sum(seat.c.sold))) == 2


def test_a_refused_write_raises_what_sqlalchemy_raises_and_writes_nothing(
    conn: Connection,
) -> None:
    conn.execute(insert(seat), [{"id": "r2c1", "state": "sold"}])
    conn.commit()
    with pytest.raises(IntegrityError), sent_together(conn):
        conn.execute(update(seat).values(state="gone"))
        conn.execute(insert(seat), [{"id": "r2c2", "state": "held"}])
        conn.execute(insert(seat), [{"id": "r2c1", "state": "held"}])  # taken: refused
    conn.rollback()
    assert states(conn) == {"r2c1": "sold"}
    # The connection goes on as after any failed statement rolled back.
    with sent_together(conn):
        conn.execute(insert(seat), [{"id": "r2c3", "state": "held"}])
    conn.commit()
    assert states(conn) == {"r2c1": "sold", "r2c3": "held"}


@pytest.mark.parametrize("conn", ["postgresql"], indirect=True)
def test_a_connection_lost_while_sending_is_marked_invalid(conn: Connection) -> None:
    backend = conn.execute(text("SELECT pg_backend_pid()")).scalar_one()
    conn.rollback()
    killer = create_engine(conn.engine.url)
    with killer.connect() as other:
        assert other.execute(select(func.pg_terminate_backend(backend))).scalar_one()
    killer.dispose()
    with pytest.raises(DBAPIError) as failed, sent_together(conn):
        conn.execute(insert(seat), [{"id": "r3c1", "state": "held"}])
    assert failed.value.connection_invalidated
    assert conn.invalidated


SEATS_IN = (
    select(seat.c.id, seat.c.state, seat.c.held_until)
    .where(seat.c.id.in_(bindparam("ids", expanding=True)))
    .order_by(seat.c.id)
)
HOW_MANY = (
    select(func.count().label("n")).select_from(seat).where(seat.c.state == bindparam("state"))
)


def test_reads_sent_together_answer_each_with_its_rows(conn: Connection) -> None:
    china = timezone(timedelta(hours=8))
    until = datetime(2026, 11, 22, 20, 30, tzinfo=china)
    conn.execute(
        insert(seat),
        [
            {"id": "r4c1", "state": "held", "held_until": until},
            {"id": "r4c2", "state": "sold", "held_until": None},
            {"id": "r4c3", "state": "held", "held_until": until},
        ],
    )
    conn.commit()
    some, none, counted, again = read_together(
        conn,
        [
            (SEATS_IN, {"ids": ["r4c3", "r4c1", "r9c9"]}),
            (SEATS_IN, {"ids": []}),
            (HOW_MANY, {"state": "held"}),
            (SEATS_IN, {"ids": ["r4c2"]}),  # the same statement, another list length
        ],
    )
    assert [(r.id, r.state) for r in some] == [("r4c1", "held"), ("r4c3", "held")]
    assert (
        some[0].held_until == until and some[0].held_until.tzinfo == UTC
    )  # as SQLAlchemy reads it
    assert none == []
    assert counted[0].n == 2 and tuple(counted[0]) == (2,)
    assert [tuple(r) for r in again] == [("r4c2", "sold", None)]


def test_a_failed_read_raises_what_sqlalchemy_raises(conn: Connection) -> None:
    broken = text("SELECT id FROM no_such_table").columns(seat.c.id)
    with pytest.raises(DBAPIError):
        read_together(conn, [(HOW_MANY, {"state": "held"}), (broken, {})])
    conn.rollback()
    assert read_together(conn, [(HOW_MANY, {"state": "held"})])[0][0].n == 0
