"""The administration index: the list of admin tasks, each a link to its area."""

from flask import render_template

from survey_app.admin import bp

# The admin index lists these; another task adds itself here with its endpoint.
ADMIN_TASKS = [
    ("admin.users", "Users", "Invite people, change their roles or deactivate accounts."),
    ("admin.scenarios", "Mystery-shop scenarios", "Write scenarios and assign them to shoppers."),
    ("admin.coverage", "Mystery-shop coverage", "See which channels and services need shops."),
    (
        "admin.standards",
        "Mystery-shop standards",
        "Change the service standards shops are scored against.",
    ),
    ("admin.surveys", "Surveys", "Edit, preview, publish, close and import surveys."),
    ("admin.links", "Links and QR codes", "Get links, QR codes, posters and slips."),
    ("admin.paper", "Paper and assisted entry", "Type in paper returns."),
    (
        "admin.import_responses",
        "Import responses",
        "Upload many returns at once from a CSV file.",
    ),
    (
        "admin.remove_answers",
        "Remove a resident's answers",
        "Delete one response, when the resident quotes its reference.",
    ),
    ("admin.services", "Services", "Add, rename or hide council services."),
    ("admin.channels", "Channels", "Add, rename, reorder or hide contact channels."),
    ("admin.audit_log", "Audit log", "See who did what, and when."),
]


@bp.route("/")
def index():
    return render_template("admin/index.html", tasks=ADMIN_TASKS, title="Administration")
