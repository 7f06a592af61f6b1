"""What the administration pages change or read: accounts and grants, the county's settings, the audit log,
and undoing an import or merging/deleting a township. Each function opens its own transaction as the logged-in
user; the store enforces who may do what (AccessDenied becomes a Chinese message for the page)."""

from __future__ import annotations

import pandas as pd

from store import queries
from store.access import AccessDenied
from store.audit import AuditFilter, audit_log
from store.backup import last_backup
from store.checks import set_tolerance, tolerances
from store.session import session_factory, transaction
from store.settings import anonymous_scope, set_anonymous_scope
from store.undo import (
    SourcePreview,
    TownshipPreview,
    delete_file,
    delete_township,
    merge_township,
    source_preview,
    township_preview,
)
from store.users import (
    AccountError,
    UserRow,
    add_user,
    grant,
    list_users,
    revoke,
    set_disabled,
    set_password,
    set_role,
)
from ui.state import engine, viewer

__all__ = ["AccountError"]

# --- 用户管理, 系统设置, 审计日志 (administrators) ---------------------------------------------------------------


def list_accounts() -> list[UserRow]:
    with transaction(engine()) as s:
        return list_users(s, viewer())


def account_action(action: str, username: str, *, password: str = "", role: str = "viewer", region: str = "") -> None:
    """add / role / grant / revoke / passwd / disable / enable one account as the logged-in administrator
    (AccountError with a Chinese message when refused)."""
    actor = viewer()
    try:
        with transaction(engine()) as s:
            if action == "add":
                add_user(s, actor, username, password, role, (region,) if region.strip() else ())
            elif action == "role":
                set_role(s, actor, username, role)
            elif action in ("grant", "revoke"):
                (grant if action == "grant" else revoke)(s, actor, username, region.strip())
            elif action == "passwd":
                set_password(s, actor, username, password)
            else:
                set_disabled(s, actor, username, action == "disable")
    except AccessDenied as e:
        raise AccountError(str(e)) from e


def balance_tolerances() -> dict[str, float]:
    """County chain → the member-flow tolerance (人) it set (store.checks)."""
    with transaction(engine()) as s:
        return tolerances(s, viewer())


def set_balance_tolerance(chain: str, tolerance: float) -> None:
    """Set the member-flow tolerance of the region at CHAIN (AccountError with a Chinese message when refused)."""
    try:
        with transaction(engine()) as s:
            set_tolerance(s, viewer(), chain.strip(), tolerance)
    except (AccessDenied, ValueError) as e:
        raise AccountError(str(e)) from e


def anonymous_region() -> str | None:
    with transaction(engine()) as s:
        return anonymous_scope(s)


def set_anonymous_region(region: str | None) -> None:
    try:
        with transaction(engine()) as s:
            set_anonymous_scope(s, viewer(), region.strip() if region is not None else None)
    except AccessDenied as e:
        raise AccountError(str(e)) from e


def last_backup_info() -> dict[str, object] | None:
    return last_backup(engine(), viewer())


def read_audit_log(f: AuditFilter) -> pd.DataFrame:
    return audit_log(engine(), viewer(), f)


# --- 文件与乡镇 (undo an import, merge or delete a township) ------------------------------------------------------


class UndoError(ValueError):
    """Why a delete or merge was refused (Chinese, for the page)."""


def imported_files(path: str | None) -> pd.DataFrame:
    """The imported files with figures under PATH the logged-in user may see (not cached: a delete shows at once)."""
    return queries.imported_files(engine(), viewer(), path)


def file_preview(source_id: int) -> SourcePreview:
    with session_factory(engine())() as s:
        try:
            return source_preview(s, viewer(), source_id)
        except AccessDenied as e:
            raise UndoError(str(e)) from e


def delete_imported_file(source_id: int) -> SourcePreview:
    """Delete a file and its figures as the logged-in user (audited)."""
    try:
        with transaction(engine()) as s:
            return delete_file(s, viewer(), source_id)
    except AccessDenied as e:
        raise UndoError(str(e)) from e


def township_info(region_id: int) -> TownshipPreview:
    with session_factory(engine())() as s:
        try:
            return township_preview(s, viewer(), region_id)
        except AccessDenied as e:
            raise UndoError(str(e)) from e


def change_township(action: str, region_id: int, into_id: int | None = None) -> TownshipPreview:
    """merge REGION_ID into INTO_ID, or delete it, as the logged-in administrator (audited)."""
    try:
        with transaction(engine()) as s:
            if action == "merge" and into_id is not None:
                return merge_township(s, viewer(), region_id, into_id)
            return delete_township(s, viewer(), region_id)
    except (AccessDenied, ValueError) as e:
        raise UndoError(str(e)) from e
