#!/usr/bin/env bash
# Creates the Secrets overlays/dev expects, with fresh random values (dev only: production
# Secrets come from your secret store). Idempotent: existing Secrets are left alone.
#   deploy/k8s/overlays/dev/create-secrets.sh                # namespace residency-dev
#   NAMESPACE=x SMTP_HOST=mail.example.org deploy/k8s/overlays/dev/create-secrets.sh
#   DRY_RUN=1 deploy/k8s/overlays/dev/create-secrets.sh      # print the YAML, touch no cluster
# Not created here (the operators write them): the KafkaUsers' secrets and
# residency-kafka-cluster-ca-cert (Strimzi), <service>-db-app (CloudNativePG).
set -euo pipefail
NAMESPACE="${NAMESPACE:-residency-dev}"
SMTP_HOST="${SMTP_HOST:-smtp.invalid}"   # a mail sink you run (e.g. Mailpit), reached on :587
KUBECTL="${KUBECTL:-kubectl}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

rand() { openssl rand -hex "${1:-24}"; }
fernet() { openssl rand -base64 32 | tr '+/' '-_'; }

secret() {  # secret NAME --from-literal=… | --from-file=…
  local name="$1"; shift
  if [[ -z "${DRY_RUN:-}" ]] && "$KUBECTL" -n "$NAMESPACE" get secret "$name" >/dev/null 2>&1; then
    echo "secret/$name exists, kept" >&2
    return
  fi
  local yaml
  yaml="$("$KUBECTL" -n "$NAMESPACE" create secret generic "$name" "$@" --dry-run=client -o yaml)"
  if [[ -n "${DRY_RUN:-}" ]]; then printf -- '---\n%s\n' "$yaml"; else
    printf '%s\n' "$yaml" | "$KUBECTL" apply -f -; fi
}

secret intake-secrets --from-literal=hash-secret="$(rand 32)"
secret notify-secrets --from-literal=hash-secret="$(rand 32)"
# Signs the pages' session cookie (web keeps the sessions themselves in memory).
secret web-secrets --from-literal=session-secret="$(rand 32)"
# One Fernet key shared by intake (seals) and notify (opens); a comma-separated list rotates it.
secret mail-sealing --from-literal=keys="$(fernet)"
# The CESR signing key (EC P-256) and a self-signed certificate: examination signs, intake verifies.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 365 \
  -subj "/CN=Residency Online dev CESR signing" \
  -keyout "$work/tls.key" -out "$work/tls.crt" 2>/dev/null
secret cesr-signing --from-file=tls.key="$work/tls.key" --from-file=tls.crt="$work/tls.crt"
secret smtp-relay --from-literal=host="$SMTP_HOST" --from-literal=username=residency \
  --from-literal=password="$(rand 16)"
secret minio-root --from-literal=user=minio-root --from-literal=password="$(rand 24)"
for service in intake documents examination notify; do
  secret "$service-s3" --from-literal=access-key="$service" \
    --from-literal=secret-key="$(rand 24)"
done
