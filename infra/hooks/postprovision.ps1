# azd postprovision hook (Windows): makes sure the platform admin key exists in Key Vault, then has the
# function app resolve its Key Vault references again. The same steps as postprovision.sh, which says why;
# Credentials.Infra.Tests drives both with a fake `az` on PATH.
#
# Never overwrites the key and never prints it. A 403 is retried for a bounded time and never taken for a
# missing secret; then the hook skips with instructions and exits 0, so that `azd up` still deploys.
#
# Reads AZURE_KEY_VAULT_NAME, AZURE_FUNCTION_APP_ID, AZURE_KEY_VAULT_DEPLOYER_ROLE and
# AZURE_KEY_VAULT_PUBLIC_NETWORK_ACCESS (template outputs, passed by azd); tuning: ADMIN_KEY_ATTEMPTS (31)
# and ADMIN_KEY_RETRY_SECONDS (20).
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$SecretName = 'platform-admin-key'
$RefreshApi = 'config/configreferences/appsettings/refresh?api-version=2022-03-01'

$Vault = "$env:AZURE_KEY_VAULT_NAME"
$AppId = "$env:AZURE_FUNCTION_APP_ID"
$Attempts = if ($env:ADMIN_KEY_ATTEMPTS) { [int]$env:ADMIN_KEY_ATTEMPTS } else { 31 }
$RetrySeconds = if ($env:ADMIN_KEY_RETRY_SECONDS) { [int]$env:ADMIN_KEY_RETRY_SECONDS } else { 20 }

function Say([string]$Text) { Write-Host "postprovision: $Text" }

# Runs az with its error kept apart from its output; the error names what went wrong.
function Invoke-Az {
    $errorFile = [System.IO.Path]::GetTempFileName()
    try {
        $output = & az @args 2>$errorFile
        $ok = $LASTEXITCODE -eq 0
        $text = if ($ok) { ($output | Out-String).Trim() } else { (Get-Content -Raw -LiteralPath $errorFile) + '' }
        return [pscustomobject]@{ Ok = $ok; Text = $text.Trim() }
    }
    finally {
        Remove-Item -LiteralPath $errorFile -Force -ErrorAction SilentlyContinue
    }
}

# The kind of a failed az call, read from its error. Forbidden is checked before NotFound, so a 403 is
# never taken for a missing secret.
function Get-ErrorKind([string]$Text) {
    if ($Text -cmatch 'ForbiddenByFirewall|ForbiddenByConnection|Public network access is disabled') { return 'unreachable' }
    if ($Text -cmatch 'Forbidden') { return 'forbidden' }
    if ($Text -cmatch 'NotFound') { return 'missing' }
    if ($Text -match 'az login') { return 'signed-out' }
    return 'failed'
}

function FirstLine([string]$Text) { ($Text -split "`n")[0].Trim() }

# 48 random bytes as unpadded base64url: 64 characters.
function New-AdminKey {
    $bytes = [System.Security.Cryptography.RandomNumberGenerator]::GetBytes(48)
    return [System.Convert]::ToBase64String($bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_')
}

# Writes a new key through a private temporary file, so it is never on a command line.
function New-AdminKeySecret {
    $keyFile = [System.IO.Path]::GetTempFileName()
    try {
        [System.IO.File]::WriteAllText($keyFile, (New-AdminKey))
        $set = Invoke-Az keyvault secret set --vault-name $Vault --name $SecretName --file $keyFile `
            --encoding utf-8 --content-type text/plain --output none
        if ($set.Ok) { return @{ Result = 'created'; Error = '' } }
        return @{ Result = (Get-ErrorKind $set.Text); Error = $set.Text }
    }
    finally {
        Remove-Item -LiteralPath $keyFile -Force -ErrorAction SilentlyContinue
    }
}

# One pass of the decision: keep an existing key, recover a soft-deleted one, create one only when the
# vault says it has neither.
function Resolve-AdminKey {
    $show = Invoke-Az keyvault secret show --vault-name $Vault --name $SecretName --query id --output tsv
    if ($show.Ok) { return @{ Result = 'present'; Error = '' } }
    $kind = Get-ErrorKind $show.Text
    if ($kind -ne 'missing') { return @{ Result = $kind; Error = $show.Text } }

    $deleted = Invoke-Az keyvault secret show-deleted --vault-name $Vault --name $SecretName --query recoveryId --output tsv
    if ($deleted.Ok) {
        $recover = Invoke-Az keyvault secret recover --vault-name $Vault --name $SecretName --output none
        if ($recover.Ok) { return @{ Result = 'recovered'; Error = '' } }
        return @{ Result = (Get-ErrorKind $recover.Text); Error = $recover.Text }
    }
    $kind = Get-ErrorKind $deleted.Text
    if ($kind -ne 'missing') { return @{ Result = $kind; Error = $deleted.Text } }

    return New-AdminKeySecret
}

# The decision, again from the start after each 403, at most $Attempts times.
function Confirm-AdminKey {
    for ($attempt = 1; ; $attempt++) {
        $outcome = Resolve-AdminKey
        if ($outcome.Result -ne 'forbidden' -or $attempt -ge $Attempts) { return $outcome }
        Say "no access to $Vault yet (a new role assignment takes minutes to apply); attempt $attempt of $Attempts, next in ${RetrySeconds}s"
        Start-Sleep -Seconds $RetrySeconds
    }
}

function Skip([string]$Reason) {
    $app = if ($AppId) { $AppId } else { '<AZURE_FUNCTION_APP_ID>' }
    Say "skipped the platform admin key: $Reason."
    Say "/api/platform/* stays disabled (401) until the secret $SecretName exists. Once you have a data role on the vault"
    Say "(Key Vault Secrets Officer) and can reach it, run this hook again:"
    Say "  azd hooks run postprovision"
    Say "or create the key and refresh the app's Key Vault references by hand:"
    Say "  az keyvault secret set --vault-name $Vault --name $SecretName --value `"<64 random characters>`" --output none"
    Say "  az rest --method post --url `"$app/$RefreshApi`""
}

function Update-References {
    if (-not $AppId) {
        Say 'AZURE_FUNCTION_APP_ID is not set, so the app was not asked to resolve its Key Vault references; it does within 24 hours.'
        return
    }
    $refresh = Invoke-Az rest --method post --url "$AppId/$RefreshApi"
    if ($refresh.Ok) {
        Say 'asked the function app to resolve its Key Vault references now.'
    }
    else {
        Say "could not refresh the app's Key Vault references ($(FirstLine $refresh.Text)); it does within 24 hours, or now with:"
        Say "  az rest --method post --url `"$AppId/$RefreshApi`""
    }
}

function Main {
    if (-not $Vault) {
        Say 'AZURE_KEY_VAULT_NAME is not set: run this hook through azd (azd provision, azd hooks run postprovision).'
        return 1
    }
    if ("$env:AZURE_KEY_VAULT_DEPLOYER_ROLE" -eq 'false') {
        Skip "the deploying principal was given no role on $Vault (AZURE_GRANT_DEPLOYER_KEY_VAULT_ROLE=false)"
        return 0
    }
    if ("$env:AZURE_KEY_VAULT_PUBLIC_NETWORK_ACCESS" -eq 'Disabled') {
        Skip "$Vault has public network access disabled, so it cannot be reached from here"
        return 0
    }
    if (-not (Get-Command az -CommandType Application -ErrorAction SilentlyContinue)) {
        Skip 'the Azure CLI (az) is not installed'
        return 0
    }

    $outcome = Confirm-AdminKey
    switch ($outcome.Result) {
        'present' { Say "$SecretName already exists in $Vault; left as it is." }
        'created' { Say "created $SecretName in $Vault (a new random key, not printed)." }
        'recovered' { Say "recovered the soft-deleted $SecretName in $Vault." }
        'forbidden' { Skip "still no access to $Vault after $Attempts attempts"; return 0 }
        'unreachable' { Skip "$Vault refused this network (firewall or private access only)"; return 0 }
        'signed-out' { Skip 'the Azure CLI is not signed in (run az login: azd and az sign in separately)'; return 0 }
        default { Skip "az failed: $(FirstLine $outcome.Error)"; return 0 }
    }

    Update-References
    Say 'read the admin key when you need it (it is stored nowhere else):'
    Say "  az keyvault secret show --vault-name $Vault --name $SecretName --query value --output tsv"
    return 0
}

exit (Main)
