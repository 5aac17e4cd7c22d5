"""The files of an O*NET database release: their columns and how they depend on each other.

Each file's expected layouts (a file may have the layout of an older release too), the files
every release folder must have, the files a file refers to, and the reference files that
the other files are read against. Reading and checking a file against its layout is
:mod:`skillscape.ingest.onet_table`'s job.
"""

from __future__ import annotations

from skillscape.ingest.onet_table import Layout, layout

_CODE = ("O*NET-SOC Code", "text")
_EID = ("Element ID", "element")
_ENAME = ("Element Name", "text")
_SCALE_ID = ("Scale ID", "text")
_VALUE_COLUMN = ("Data Value", "dec")
_STATS = (
    ("N", "int?"),
    ("Standard Error", "dec?"),
    ("Lower CI Bound", "dec?"),
    ("Upper CI Bound", "dec?"),
    ("Recommend Suppress", "flag?"),
)
_DATED = (("Date", "date"), ("Domain Source", "text"))

_RATED = (_CODE, _EID, _ENAME, _SCALE_ID)
_RATED_FULL = layout(*_RATED, _VALUE_COLUMN, *_STATS, ("Not Relevant", "flag?"), *_DATED)
_RATED_STATS = layout(*_RATED, _VALUE_COLUMN, *_STATS, *_DATED)
_RATED_PLAIN = layout(*_RATED, _VALUE_COLUMN, *_DATED)
_RATED_CATEGORY = layout(*_RATED, ("Category", "int?"), _VALUE_COLUMN, *_STATS, *_DATED)

LAYOUTS: dict[str, tuple[Layout, ...]] = {
    "Scales Reference.txt": (
        layout(("Scale ID", "text"), ("Scale Name", "text"), ("Minimum", "int"), ("Maximum", "int")),
    ),
    "Content Model Reference.txt": (layout(_EID, ("Element Name", "text"), ("Description", "text")),),
    "Occupation Data.txt": (layout(_CODE, ("Title", "text"), ("Description", "text")),),
    "Education, Training, and Experience Categories.txt": (
        layout(_EID, _ENAME, _SCALE_ID, ("Category", "int"), ("Category Description", "text")),
    ),
    "IWA Reference.txt": (layout(_EID, ("IWA ID", "text"), ("IWA Title", "text")),),
    "DWA Reference.txt": (layout(_EID, ("IWA ID", "text"), ("DWA ID", "text"), ("DWA Title", "text")),),
    "UNSPSC Reference.txt": (
        layout(
            ("Commodity Code", "int"),
            ("Commodity Title", "text"),
            ("Class Code", "int"),
            ("Class Title", "text"),
            ("Family Code", "int"),
            ("Family Title", "text"),
            ("Segment Code", "int"),
            ("Segment Title", "text"),
        ),
    ),
    "Task Statements.txt": (
        layout(
            _CODE,
            ("Task ID", "int"),
            ("Task", "text"),
            ("Task Type", "text"),
            ("Incumbents Responding", "int?"),
            *_DATED,
        ),
    ),
    "Emerging Tasks.txt": (
        layout(
            _CODE,
            ("Task", "text"),
            ("Category", "text"),
            ("Original Task ID", "int?"),
            ("Original Task", "text"),
            *_DATED,
        ),
    ),
    "Tasks to DWAs.txt": (layout(_CODE, ("Task ID", "int"), ("DWA ID", "text"), *_DATED),),
    "Alternate Titles.txt": (
        layout(_CODE, ("Alternate Title", "text"), ("Short Title", "text"), ("Source(s)", "text")),
    ),
    "Sample of Reported Titles.txt": (
        layout(_CODE, ("Reported Job Title", "text"), ("Shown in My Next Move", "flag")),
    ),
    "Job Zones.txt": (layout(_CODE, ("Job Zone", "int"), *_DATED),),
    "Skills.txt": (_RATED_FULL,),
    "Knowledge.txt": (_RATED_FULL,),
    # 30.1 replaced the work styles (no N/SE/CI columns); 29.1 has the older layout
    "Work Styles.txt": (_RATED_PLAIN, _RATED_STATS),
    "Interests.txt": (_RATED_PLAIN,),
    "Work Values.txt": (_RATED_PLAIN,),
    "Education, Training, and Experience.txt": (_RATED_CATEGORY,),
    "Level Scale Anchors.txt": (
        layout(_EID, _ENAME, _SCALE_ID, ("Anchor Value", "int"), ("Anchor Description", "text")),
    ),
    "Technology Skills.txt": (
        layout(
            _CODE,
            ("Example", "text"),
            ("Commodity Code", "int"),
            ("Commodity Title", "text"),
            ("Hot Technology", "flag"),
            ("In Demand", "flag"),
        ),
    ),
    "Tools Used.txt": (
        layout(_CODE, ("Example", "text"), ("Commodity Code", "int"), ("Commodity Title", "text")),
    ),
}

#: files every release folder must have
REQUIRED = ("Scales Reference.txt", "Content Model Reference.txt", "Occupation Data.txt")
#: file → the files it refers to (which must then be in the folder too)
NEEDS: dict[str, tuple[str, ...]] = {
    "DWA Reference.txt": ("IWA Reference.txt",),
    "Emerging Tasks.txt": ("Task Statements.txt",),
    "Tasks to DWAs.txt": ("Task Statements.txt", "DWA Reference.txt"),
    "Education, Training, and Experience.txt": ("Education, Training, and Experience Categories.txt",),
    "Technology Skills.txt": ("UNSPSC Reference.txt",),
    "Tools Used.txt": ("UNSPSC Reference.txt",),
}


#: the files the others are read against (scales, elements, occupations, categories, work
#: activities, commodities, tasks): a change to one of them changes what later files give
REFERENCE_FILES = (
    "Scales Reference.txt",
    "Content Model Reference.txt",
    "Occupation Data.txt",
    "Education, Training, and Experience Categories.txt",
    "IWA Reference.txt",
    "DWA Reference.txt",
    "UNSPSC Reference.txt",
    "Task Statements.txt",
)
