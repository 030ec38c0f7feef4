#!/usr/bin/env bash
# azd postprovision hook (Linux, macOS): makes sure the platform admin key exists in Key Vault, then has
# the function app resolve its Key Vault references again. The same steps for Windows are in
# postprovision.ps1; Credentials.Infra.Tests drives both with a fake `az` on PATH.
#
# Never overwrites the key and never prints it. A 403 means "no access yet" (role assignments take minutes
# to apply), never "missing": it is retried for a bounded time, then the hook skips with instructions.
# Skipping exits 0 so that `azd up` still deploys the code; the platform routes stay disabled until then.
#
# Reads what azd passes from the template's outputs: AZURE_KEY_VAULT_NAME, AZURE_FUNCTION_APP_ID,
# AZURE_KEY_VAULT_DEPLOYER_ROLE, AZURE_KEY_VAULT_PUBLIC_NETWORK_ACCESS. Tuning: ADMIN_KEY_ATTEMPTS (31)
# and ADMIN_KEY_RETRY_SECONDS (20), about ten minutes in all.
set -euo pipefail

readonly secret_name=platform-admin-key
readonly refresh_api='config/configreferences/appsettings/refresh?api-version=2022-03-01'

vault="${AZURE_KEY_VAULT_NAME:-}"
app_id="${AZURE_FUNCTION_APP_ID:-}"
attempts="${ADMIN_KEY_ATTEMPTS:-31}"
retry_seconds="${ADMIN_KEY_RETRY_SECONDS:-20}"

az_output=""   # what the last az call printed: its output on success, its error otherwise
result=""      # present, created, recovered, or the kind of error that stopped the decision
key_file=""
trap 'if [ -n "$key_file" ]; then rm -f "$key_file"; fi' EXIT

say() { printf 'postprovision: %s\n' "$*"; }

# Runs az with its error kept apart from its output; the error names what went wrong.
az_call() {
  local error_file status=0
  error_file=$(mktemp)
  az_output=$(az "$@" 2>"$error_file") || status=$?
  if [ "$status" -ne 0 ]; then
    az_output=$(cat "$error_file")
  fi
  rm -f "$error_file"
  return "$status"
}

# The kind of a failed az call, read from its error. Forbidden is checked before NotFound, so a 403 is
# never taken for a missing secret.
classify() {
  case "$1" in
    *ForbiddenByFirewall* | *ForbiddenByConnection* | *"Public network access is disabled"*) echo unreachable ;;
    *Forbidden*) echo forbidden ;;
    *NotFound*) echo missing ;;
    *"az login"*) echo signed-out ;;
    *) echo failed ;;
  esac
}

# 48 random bytes as unpadded base64url: 64 characters.
new_key() {
  if command -v openssl >/dev/null 2>&1; then openssl rand -base64 48; else head -c 48 /dev/urandom | base64; fi \
    | tr -d '\n=' | tr '+/' '-_'
}

# Writes a new key through a private temporary file, so it is never on a command line.
create_key() {
  key_file=$(mktemp)
  new_key >"$key_file"
  if az_call keyvault secret set --vault-name "$vault" --name "$secret_name" --file "$key_file" \
    --encoding utf-8 --content-type text/plain --output none; then
    result=created
  else
    result=$(classify "$az_output")
  fi
  rm -f "$key_file"
  key_file=""
}

# One pass of the decision: keep an existing key, recover a soft-deleted one, create one only when the
# vault says it has neither.
decide_admin_key() {
  if az_call keyvault secret show --vault-name "$vault" --name "$secret_name" --query id --output tsv; then
    result=present
    return 0
  fi
  result=$(classify "$az_output")
  [ "$result" = missing ] || return 0

  if az_call keyvault secret show-deleted --vault-name "$vault" --name "$secret_name" --query recoveryId --output tsv; then
    if az_call keyvault secret recover --vault-name "$vault" --name "$secret_name" --output none; then
      result=recovered
    else
      result=$(classify "$az_output")
    fi
    return 0
  fi
  result=$(classify "$az_output")
  [ "$result" = missing ] || return 0

  create_key
}

# The decision, again from the start after each 403, at most $attempts times.
ensure_admin_key() {
  local attempt=1
  while :; do
    decide_admin_key
    if [ "$result" != forbidden ] || [ "$attempt" -ge "$attempts" ]; then
      return 0
    fi
    say "no access to $vault yet (a new role assignment takes minutes to apply); attempt $attempt of $attempts, next in ${retry_seconds}s"
    sleep "$retry_seconds"
    attempt=$((attempt + 1))
  done
}

skip() {
  say "skipped the platform admin key: $1."
  say "/api/platform/* stays disabled (401) until the secret $secret_name exists. Once you have a data role on the vault"
  say "(Key Vault Secrets Officer) and can reach it, run this hook again:"
  say "  azd hooks run postprovision"
  say "or create the key and refresh the app's Key Vault references by hand:"
  say "  az keyvault secret set --vault-name $vault --name $secret_name --value \"\$(openssl rand -base64 48)\" --output none"
  say "  az rest --method post --url \"${app_id:-<AZURE_FUNCTION_APP_ID>}/$refresh_api\""
}

refresh_references() {
  if [ -z "$app_id" ]; then
    say "AZURE_FUNCTION_APP_ID is not set, so the app was not asked to resolve its Key Vault references; it does within 24 hours."
    return 0
  fi
  if az_call rest --method post --url "$app_id/$refresh_api"; then
    say "asked the function app to resolve its Key Vault references now."
  else
    say "could not refresh the app's Key Vault references (${az_output%%$'\n'*}); it does within 24 hours, or now with:"
    say "  az rest --method post --url \"$app_id/$refresh_api\""
  fi
}

main() {
  if [ -z "$vault" ]; then
    say "AZURE_KEY_VAULT_NAME is not set: run this hook through azd (azd provision, azd hooks run postprovision)."
    return 1
  fi
  if [ "$(printf '%s' "${AZURE_KEY_VAULT_DEPLOYER_ROLE:-true}" | tr '[:upper:]' '[:lower:]')" = false ]; then
    skip "the deploying principal was given no role on $vault (AZURE_GRANT_DEPLOYER_KEY_VAULT_ROLE=false)"
    return 0
  fi
  if [ "${AZURE_KEY_VAULT_PUBLIC_NETWORK_ACCESS:-Enabled}" = Disabled ]; then
    skip "$vault has public network access disabled, so it cannot be reached from here"
    return 0
  fi
  if ! command -v az >/dev/null 2>&1; then
    skip "the Azure CLI (az) is not installed"
    return 0
  fi

  ensure_admin_key
  case "$result" in
    present) say "$secret_name already exists in $vault; left as it is." ;;
    created) say "created $secret_name in $vault (a new random key, not printed)." ;;
    recovered) say "recovered the soft-deleted $secret_name in $vault." ;;
    forbidden) skip "still no access to $vault after $attempts attempts"; return 0 ;;
    unreachable) skip "$vault refused this network (firewall or private access only)"; return 0 ;;
    signed-out) skip "the Azure CLI is not signed in (run az login: azd and az sign in separately)"; return 0 ;;
    *) skip "az failed: ${az_output%%$'\n'*}"; return 0 ;;
  esac

  refresh_references
  say "read the admin key when you need it (it is stored nowhere else):"
  say "  az keyvault secret show --vault-name $vault --name $secret_name --query value --output tsv"
}

main "$@"
