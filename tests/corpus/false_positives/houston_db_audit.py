"""Read-only audit of AC usage, straight from the Houston database and API logs.

Runs as a CronJob with a read-only Postgres role.  Two sources:
* Houston's own database (Prisma schema "houston$default"), column "airflowVersion";
* the ingress access-log table in the warehouse, where we look for clients that
  still send AC mutations (body patterns such as 'mutation%airflowVersion%').
"""
import argparse
import logging
import os

import psycopg2
import psycopg2.extras

log = logging.getLogger("houston-db-audit")

STILL_ON_AC_SQL = """
SELECT d."releaseName", d."label", d."airflowVersion", w."label" AS workspace
  FROM "houston$default"."Deployment" d
  JOIN "houston$default"."Workspace" w ON w."id" = d."workspaceId"
 WHERE d."deletedAt" IS NULL
   AND d."airflowVersion" IS NOT NULL AND d."airflowVersion" <> ''
   AND (d."runtimeVersion" IS NULL OR d."runtimeVersion" = '')
 ORDER BY d."airflowVersion", d."releaseName"
"""

BY_VERSION_SQL = (
    'SELECT "airflowVersion", count(*) FROM "houston$default"."Deployment" '
    "WHERE \"deletedAt\" IS NULL GROUP BY 1 ORDER BY 2 DESC"
)

# Access logs: request bodies are stored whitespace-collapsed.
LEGACY_CALLERS_SQL = """
SELECT client_ip, user_agent, count(*) AS calls, max(ts) AS last_seen
  FROM ingress.houston_requests
 WHERE ts > now() - %(window)s::interval
   AND (body_query LIKE %(create_pattern)s OR body_query LIKE %(upgrade_pattern)s)
 GROUP BY 1, 2
 ORDER BY calls DESC
"""

PATTERNS = {
    "create_pattern": "mutation%createDeployment%airflowVersion%",
    "upgrade_pattern": "mutation%updateDeploymentAirflow%desiredAirflowVersion%",
}

KNOWN_UNMIGRATABLE = ("2.1.4-2", "2.0.2-5", "1.10.15-7")


def audit_houston_db(dsn):
    with psycopg2.connect(dsn) as conn, conn.cursor(cursor_factory=psycopg2.extras.DictCursor) as cur:
        cur.execute(BY_VERSION_SQL)
        for version, count in cur.fetchall():
            log.info("airflowVersion %-10s %4d deployments", version or "(runtime)", count)
        cur.execute(STILL_ON_AC_SQL)
        rows = cur.fetchall()
    for row in rows:
        note = " NO RUNTIME EQUIVALENT" if row["airflowVersion"] in KNOWN_UNMIGRATABLE else ""
        log.warning("%s/%s (%s) still on AC %s%s", row["workspace"], row["label"],
                    row["releaseName"], row["airflowVersion"], note)
    return rows


def audit_callers(dsn, window="14 days"):
    with psycopg2.connect(dsn) as conn, conn.cursor() as cur:
        cur.execute(LEGACY_CALLERS_SQL, {"window": window, **PATTERNS})
        for client_ip, user_agent, calls, last_seen in cur.fetchall():
            log.warning("query from %s (%s) sent %d AC mutations, last %s", client_ip, user_agent, calls, last_seen)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--houston-dsn", default=os.environ.get("HOUSTON_DATABASE_URL"))
    parser.add_argument("--warehouse-dsn", default=os.environ.get("WAREHOUSE_DSN"))
    parser.add_argument("--window", default="14 days")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    audit_houston_db(args.houston_dsn)
    if args.warehouse_dsn:
        audit_callers(args.warehouse_dsn, args.window)


if __name__ == "__main__":
    main()
