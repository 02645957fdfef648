"""Cohorts for HR and career programs: hand out pre-filled plans, sync them all, report.

Modules: ``program`` (the program file), ``roster`` (the participants' CSV), ``manifest``
(who has which workbook), ``distribute`` (cohort init), ``prefill`` and ``naming`` (each
new workbook), ``batch_sync`` (cohort sync), ``figures`` and ``status`` (what a sync
keeps of each participant), ``report`` (the coordinator's report), ``aggregate_report`` and
``suppression`` (the aggregate-only report to share beyond them), ``report_xlsx`` (both as
workbooks);
``google_workbooks`` (participants' plans as Google Sheets: made, resumed and synced; not
imported here, so that local cohorts never load the Google libraries).
"""

from netplan_sheets.cohort.aggregate_report import AggregateReport, build_aggregate_report
from netplan_sheets.cohort.batch_sync import CohortSyncResult, default_workers, sync_cohort
from netplan_sheets.cohort.distribute import (
    InitResult,
    LocalWorkbooks,
    MakerFactory,
    WorkbookMaker,
    init_cohort,
)
from netplan_sheets.cohort.figures import Figures, figures_from
from netplan_sheets.cohort.manifest import Manifest, load_manifest
from netplan_sheets.cohort.program import Program, load_program
from netplan_sheets.cohort.report import CohortReport, build_report
from netplan_sheets.cohort.report_xlsx import write_report_xlsx
from netplan_sheets.cohort.roster import Participant, read_roster
from netplan_sheets.cohort.status import Outcome, SyncStatus, load_status

__all__ = [
    "AggregateReport",
    "CohortReport",
    "CohortSyncResult",
    "Figures",
    "InitResult",
    "LocalWorkbooks",
    "MakerFactory",
    "Manifest",
    "Outcome",
    "Participant",
    "Program",
    "SyncStatus",
    "WorkbookMaker",
    "build_aggregate_report",
    "build_report",
    "default_workers",
    "figures_from",
    "init_cohort",
    "load_manifest",
    "load_program",
    "load_status",
    "read_roster",
    "sync_cohort",
    "write_report_xlsx",
]
