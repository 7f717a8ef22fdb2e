"""Named sets of blocking calls of common libraries outside the catalogue (opt-in presets)."""

from __future__ import annotations

_STDLIB_CLIENTS = (
    ("smtplib", "SMTP"),
    ("smtplib", "SMTP_SSL"),
    ("ftplib", "FTP"),
    ("ftplib", "FTP_TLS"),
    ("imaplib", "IMAP4"),
    ("imaplib", "IMAP4_SSL"),
    ("poplib", "POP3"),
    ("poplib", "POP3_SSL"),
    ("xmlrpc.client", "ServerProxy"),
)


#: Named sets of blocking calls of common libraries outside the catalogue, which a project turns
#: on with ``blocking-presets = ["redis", ...]`` in ``[tool.admf-tsan]``: dotted names as in
#: ``blocking-calls`` (``Class.*``: every method of an instance of that class).
BLOCKING_PRESETS: dict[str, tuple[str, ...]] = {
    "boto3": (
        "boto3.client",
        "boto3.resource",
        "boto3.Session.client",
        "boto3.Session.resource",
        "boto3.session.Session.client",
        "boto3.session.Session.resource",
        "botocore.client.BaseClient.*",
    ),
    "redis": ("redis.Redis.*", "redis.StrictRedis.*", "redis.client.Redis.*", "redis.from_url"),
    "psycopg2": (
        "psycopg2.connect",
        "psycopg2.extensions.connection.*",
        "psycopg2.extensions.cursor.*",
    ),
    "psycopg": ("psycopg.connect", "psycopg.Connection.*", "psycopg.Cursor.*"),
    "pymysql": ("pymysql.connect", "pymysql.connections.Connection.*", "pymysql.cursors.Cursor.*"),
    "pymongo": (
        "pymongo.MongoClient",
        "pymongo.MongoClient.*",
        "pymongo.database.Database.*",
        "pymongo.collection.Collection.*",
    ),
    "paramiko": ("paramiko.SSHClient.*", "paramiko.SFTPClient.*", "paramiko.Transport.*"),
    "pika": ("pika.BlockingConnection", "pika.BlockingConnection.*"),
    "elasticsearch": ("elasticsearch.Elasticsearch.*",),
    "stdlib-network": (
        *(f"{module}.{cls}" for module, cls in _STDLIB_CLIENTS),
        *(f"{module}.{cls}.*" for module, cls in _STDLIB_CLIENTS),
    ),
}
