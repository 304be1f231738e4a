"""Organizations and their access: usage requests (利用申出) and periodic reports (定期報告)."""
