// Every role assignment of the deployment, least privilege, each scoped to the one resource it
// is about, named guid(scope id, principal id, role definition id) so redeploying is idempotent.
//
// Storage Queue Data Contributor is deliberately NOT granted. The app uses no queues, and the
// Functions host needs only Storage Blob Data Owner on AzureWebJobsStorage for its own work:
// "the Storage Blob Data Owner role covers the basic needs of Functions host storage"; queues
// are needed for blob triggers (poison queue), Durable Functions and the like, none used here.
// Timer triggers coordinate instances with blob leases through AzureWebJobsStorage ("the identity
// should have the Storage Blob Data Owner role, which is the default requirement for host
// storage"). Add the queue role and AzureWebJobsStorage__queueServiceUri together if a queue-based
// trigger or binding is ever added.

@description('Principal (object) id of the app\'s user-assigned managed identity.')
param identityPrincipalId string

@description('Object id of the principal running the deployment, made Key Vault Secrets Officer (to create and rotate the platform admin key); empty for none.')
param deployerPrincipalId string

@description('User, ServicePrincipal or Group; empty lets Azure look the type up. Never fixed here: azd deploys as a user from a laptop and as a service principal from CI.')
param deployerPrincipalType string

@description('Whether the deploying principal gets its role on the vault at all.')
param grantDeployerRole bool

@description('Name of the storage account (tables, host storage, deployment package).')
param storageAccountName string

@description('Name of the Key Vault.')
param keyVaultName string

@description('Name of the Application Insights component.')
param applicationInsightsName string

// Built-in role definitions.
var keyVaultSecretsOfficer = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7')
var storageTableDataContributor = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3')
var storageBlobDataOwner = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b')
var monitoringMetricsPublisher = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '3913510d-42f4-4e42-8a64-420c390055eb')

resource vault 'Microsoft.KeyVault/vaults@2026-05-15' existing = {
  name: keyVaultName
}

resource storage 'Microsoft.Storage/storageAccounts@2026-06-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

// Both secret store modes need exactly this role and no other on the vault. KeyVault mode sets (versions), reads and
// deletes one secret per credential; Envelope mode sets (creates and rotates), reads and deletes each tenant's data-key
// secret and purges it after a crypto-shredding. Key Vault Secrets User (read only) would not do for either, and neither
// mode uses keys or certificates, so no Crypto role.
resource identityVaultSecretsOfficer 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, identityPrincipalId, keyVaultSecretsOfficer)
  scope: vault
  properties: {
    roleDefinitionId: keyVaultSecretsOfficer
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
  }
}

// The app's metadata tables.
resource identityStorageTableDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identityPrincipalId, storageTableDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: storageTableDataContributor
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
  }
}

// Host storage (AzureWebJobsStorage: timer leases, host locks, keys) and the Flex
// Consumption deployment package container.
resource identityStorageBlobDataOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identityPrincipalId, storageBlobDataOwner)
  scope: storage
  properties: {
    roleDefinitionId: storageBlobDataOwner
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
  }
}

// Telemetry ingestion with Entra authentication (local auth is disabled on the component).
resource identityMonitoringMetricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(applicationInsights.id, identityPrincipalId, monitoringMetricsPublisher)
  scope: applicationInsights
  properties: {
    roleDefinitionId: monitoringMetricsPublisher
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
  }
}

// Operations: lets the deploying principal (the postprovision hook, later an operator) create and rotate
// the platform admin key. With no principalType given (null), Azure looks the type up.
resource deployerVaultSecretsOfficer 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (grantDeployerRole && !empty(deployerPrincipalId)) {
  name: guid(vault.id, deployerPrincipalId, keyVaultSecretsOfficer)
  scope: vault
  properties: {
    roleDefinitionId: keyVaultSecretsOfficer
    principalId: deployerPrincipalId
    principalType: empty(deployerPrincipalType) ? null : deployerPrincipalType
  }
}
