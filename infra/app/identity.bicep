// The one user-assigned identity the function app uses for everything: host storage,
// deployment storage, tables, Key Vault (and Key Vault references), Application Insights.

@description('Name of the user-assigned managed identity.')
param name string

@description('Region of the identity.')
param location string

@description('Tags for the identity.')
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: name
  location: location
  tags: tags
}

output principalId string = identity.properties.principalId
