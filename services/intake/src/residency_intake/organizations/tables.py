"""Organizations and their access: usage requests (利用申出) and periodic reports (定期報告).

Usage requests and reports are applications (procedure USE / RPT) in the applications table;
`organization_filings` adds who filed them and for which organization. `access_expires_at`
NULL means the organization was never approved; an approval is recorded once per application
in `organization_access_grants` (a redelivered status event grants nothing twice)."""
DDL = [
    """CREATE TABLE IF NOT EXISTS organizations (
        id uuid PRIMARY KEY, name text NOT NULL, bureau text NOT NULL,
        max_photo_age_months int NOT NULL DEFAULT 6)""",
    "ALTER TABLE organizations ADD COLUMN IF NOT EXISTS name_kana text",
    "ALTER TABLE organizations ADD COLUMN IF NOT EXISTS address text",
    "ALTER TABLE organizations ADD COLUMN IF NOT EXISTS phone text",
    "ALTER TABLE organizations ADD COLUMN IF NOT EXISTS access_expires_at timestamptz",
    """CREATE TABLE IF NOT EXISTS organization_filings (
        application_id uuid PRIMARY KEY, procedure text NOT NULL, kind text,
        organization_id uuid NOT NULL REFERENCES organizations(id), filed_by uuid NOT NULL,
        agent_certificate_number text, created_at timestamptz NOT NULL DEFAULT now())""",
    "CREATE INDEX IF NOT EXISTS organization_filings_by_filer ON organization_filings (filed_by)",
    """CREATE INDEX IF NOT EXISTS organization_filings_by_org
        ON organization_filings (organization_id)""",
    """CREATE TABLE IF NOT EXISTS organization_access_grants (
        application_id uuid PRIMARY KEY, organization_id uuid NOT NULL REFERENCES organizations(id),
        procedure text NOT NULL, member uuid, granted_at timestamptz NOT NULL,
        expires_at timestamptz)""",
]
