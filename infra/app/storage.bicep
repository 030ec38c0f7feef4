// Storage account shared by the Functions host (blob leases, deployment package) and the
// app's Table Storage metadata. Keys are disabled: every caller authenticates with Entra ID.

@description('Name of the storage account (3-24 lowercase letters and digits).')
param name string

@description('Region of the storage account.')
param location string

@description('Tags for the storage account.')
param tags object

@description('Blob container the Flex Consumption platform deploys the app package from.')
param deploymentContainerName string

// The tables the service uses. Keep equal to Credentials.Core.Storage.TableNames.All:
// Credentials.Infra.Tests fails when the two differ. The app creates a missing table lazily,
// but infra owns them so start-up does no network I/O (Flex gives an app 30 s to start).
var tableNames = [
  'tenants'
  'apikeys'
  'users'
  'credentials'
  'authconfigs'
  'oauthstates'
  'refreshindex'
  'webhookdeliveries'
  'idempotency'
]

resource storage 'Microsoft.Storage/storageAccounts@2026-06-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2026-06-01' = {
  parent: storage
  name: 'default'
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2026-06-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2026-06-01' = {
  parent: storage
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2026-06-01' = [
  for tableName in tableNames: {
    parent: tableService
    name: tableName
  }
]

output name string = storage.name
