// Credentials service on Azure: one resource group holding a user-assigned identity, storage
// (tables, host storage, deployment package), Key Vault, monitoring and a Flex Consumption
// function app. Deploy with `azd up` (see infra/README.md).
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

@description('Object id of the deploying user, made Key Vault Secrets Officer so they can set the platform admin key. Empty for none.')
param principalId string = ''

@description('Public network access to the Key Vault. Disabled needs a private endpoint and VNet integration, which this template does not create.')
@allowed([
  'Enabled'
  'Disabled'
])
param keyVaultPublicNetworkAccess string = 'Enabled'

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
    userPrincipalId: principalId
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
output SERVICE_API_NAME string = api.outputs.name
output SERVICE_API_URI string = api.outputs.uri
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_KEY_VAULT_ENDPOINT string = keyVault.outputs.uri
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
