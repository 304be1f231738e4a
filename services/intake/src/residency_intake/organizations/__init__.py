"""Organizations and their access: usage requests (利用申出) and periodic reports (定期報告).

Usage requests and reports are applications (procedure USE / RPT) in the applications table;
`organization_filings` adds who filed them and for which organization. `access_expires_at`
NULL means the organization was never approved; an approval is recorded once per application
in `organization_access_grants` (a redelivered status event grants nothing twice)."""
