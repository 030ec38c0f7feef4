// Key Vault for the credentials' secret bundles and the platform admin key.
// Access is Azure RBAC only (no access policies); deleted secrets stay recoverable for 90 days
// and purge protection stops anyone, including an owner, from purging them early.

@description('Name of the vault (3-24 characters).')
param name string

@description('Region of the vault.')
param location string

@description('Tags for the vault.')
param tags object

@description('Public network access to the vault. Disabled needs a private endpoint and VNet integration, which this template does not create.')
@allowed([
  'Enabled'
  'Disabled'
])
param publicNetworkAccess string

resource vault 'Microsoft.KeyVault/vaults@2026-05-15' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    publicNetworkAccess: publicNetworkAccess
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: publicNetworkAccess == 'Enabled' ? 'Allow' : 'Deny'
    }
  }
}

output name string = vault.name
output uri string = vault.properties.vaultUri
