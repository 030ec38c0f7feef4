// Credentials service on Azure: one resource group holding a user-assigned identity, storage
// (tables, host storage, deployment package), Key Vault, monitoring and a Flex Consumption
// function app. Deploy with `azd up` (see infra/README.md and the README's "Deploy to Azure").
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; seeds the resource token and tags every resource.')
param environmentName string

@minLength(1)
@description('Region for all resources; it must offer the Flex Consumption plan.')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Object id of the principal running the deployment (azd passes the signed-in user or service principal). With grantDeployerKeyVaultRole it becomes Key Vault Secrets Officer, so the postprovision hook can create the platform admin key. Empty for none.')
param principalId string = ''

@description('Type of principalId. Empty lets Azure look the type up, which works whoever deploys; a fixed type fails the deployment (UnmatchedPrincipalType) when another kind of principal runs it.')
@allowed([
  ''
  'User'
  'ServicePrincipal'
  'Group'
])
param principalType string = ''

@description('Make principalId Key Vault Secrets Officer on the vault, to create and rotate the platform admin key. Switch it off where the deploying principal must not handle secrets; someone with a role on the vault then sets the key.')
param grantDeployerKeyVaultRole bool = true

@description('Public network access to the Key Vault. Disabled needs a private endpoint and VNet integration, which this template does not create.')
@allowed([
  'Enabled'
  'Disabled'
])
param keyVaultPublicNetworkAccess string = 'Enabled'

@description('Where the app keeps secrets. KeyVault: one vault secret per credential, so every token read and refresh is a vault call and the vault\'s throttling limits (4,000 secret transactions per 10 s) bound throughput. Envelope: AES-256-GCM ciphertexts in Table Storage under a data key per tenant that the vault keeps, so warm reads and refreshes make no vault call. Both need the same one role on the vault (Key Vault Secrets Officer); see docs/secret-stores.md.')
@allowed([
  'KeyVault'
  'Envelope'
])
param credentialStoreMode string = 'KeyVault'

@description('Most instances the function app scales out to: Flex Consumption accepts 40 to 1000.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Percentage of the worker\'s traces exported to Application Insights (1-100), with the logs written inside them. The Functions host does not sample in OpenTelemetry mode.')
@minValue(1)
@maxValue(100)
param telemetrySamplingPercentage int = 100

@description('Daily ingestion cap of the Log Analytics workspace in GB; ingestion stops for the rest of the day once reached. -1 for no cap.')
@minValue(-1)
param logAnalyticsDailyCapGb int = 1

var abbrs = loadJsonContent('abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}
var identityName = '${abbrs.managedIdentityUserAssignedIdentities}api-${resourceToken}'
var storageAccountName = '${abbrs.storageStorageAccounts}${resourceToken}'
var keyVaultName = '${abbrs.keyVaultVaults}${resourceToken}'
var applicationInsightsName = '${abbrs.insightsComponents}${resourceToken}'
var functionAppName = '${abbrs.webSitesFunctions}api-${resourceToken}'
var deploymentContainerName = 'app-package-${take(functionAppName, 32)}-${take(resourceToken, 7)}'

resource rg 'Microsoft.Resources/resourceGroups@2025-04-01' = {
  name: '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

module identity 'app/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: identityName
    location: location
    tags: tags
  }
}

module storage 'app/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: storageAccountName
    location: location
    tags: tags
    deploymentContainerName: deploymentContainerName
  }
}

module keyVault 'app/keyvault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    name: keyVaultName
    location: location
    tags: tags
    publicNetworkAccess: keyVaultPublicNetworkAccess
  }
}

module monitoring 'app/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
    applicationInsightsName: applicationInsightsName
    location: location
    tags: tags
    dailyCapGb: logAnalyticsDailyCapGb
  }
}

module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    // A principal id exists only once the identity does, so it is a runtime value; role
    // assignment names must include it (a recreated identity gets a new principal id, and an
    // assignment cannot change principal), so What-If predicts these assignments less precisely.
    #disable-next-line what-if-short-circuiting
    identityPrincipalId: identity.outputs.principalId
    deployerPrincipalId: principalId
    deployerPrincipalType: principalType
    grantDeployerRole: grantDeployerKeyVaultRole
    storageAccountName: storageAccountName
    keyVaultName: keyVaultName
    applicationInsightsName: applicationInsightsName
  }
  // Names are computed here (so What-If sees them); the resources must exist before their roles.
  dependsOn: [
    storage
    keyVault
    monitoring
  ]
}

module api 'app/api.bicep' = {
  name: 'api'
  scope: rg
  params: {
    name: functionAppName
    planName: '${abbrs.webServerFarms}${resourceToken}'
    location: location
    tags: tags
    identityName: identityName
    storageAccountName: storageAccountName
    deploymentContainerName: deploymentContainerName
    keyVaultName: keyVaultName
    applicationInsightsName: applicationInsightsName
    maximumInstanceCount: maximumInstanceCount
    telemetrySamplingPercentage: telemetrySamplingPercentage
    credentialStoreMode: credentialStoreMode
  }
  // The app resolves its Key Vault reference and reaches storage as soon as it exists:
  // everything it uses, and its roles, come first.
  dependsOn: [
    identity
    storage
    keyVault
    monitoring
    rbac
  ]
}

// What azd and operators need; nothing secret (names and public endpoints only).
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = api.outputs.name
output AZURE_FUNCTION_APP_ID string = api.outputs.id
output SERVICE_API_NAME string = api.outputs.name
output SERVICE_API_URI string = api.outputs.uri
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_KEY_VAULT_ENDPOINT string = keyVault.outputs.uri
// Read by the postprovision hook (infra/hooks): whether it may expect access to the vault.
output AZURE_KEY_VAULT_DEPLOYER_ROLE bool = grantDeployerKeyVaultRole && !empty(principalId)
output AZURE_KEY_VAULT_PUBLIC_NETWORK_ACCESS string = keyVaultPublicNetworkAccess
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
