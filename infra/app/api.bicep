// The Flex Consumption plan and the function app ("api" service of azure.yaml).

@description('Name of the function app.')
param name string

@description('Name of the Flex Consumption plan.')
param planName string

@description('Region of the plan and the app.')
param location string

@description('Tags for the plan and the app (the app adds azd-service-name).')
param tags object

@description('Name of the app\'s user-assigned managed identity.')
param identityName string

@description('Name of the storage account (host storage, tables, deployment package).')
param storageAccountName string

@description('Blob container the platform deploys the app package from.')
param deploymentContainerName string

@description('Name of the Key Vault.')
param keyVaultName string

@description('Name of the Application Insights component.')
param applicationInsightsName string

@description('NCRONTAB schedule of the refresh sweep (six fields, seconds first).')
param refreshSchedule string = '0 */5 * * * *'

@description('NCRONTAB schedule of webhook delivery (six fields, seconds first).')
param webhookSchedule string = '0 */1 * * * *'

// Flex Consumption's documented bounds for the maximum instance count are 40 to 1000 (a newer revision of
// the scaling page lowers the floor to 1; 40 is accepted by both).
@description('Most instances the app scales out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int

@description('Percentage of the worker\'s traces the Azure Monitor exporter keeps (Credentials__TelemetrySamplingPercentage).')
@minValue(1)
@maxValue(100)
param telemetrySamplingPercentage int

@description('The secret store (Credentials__SecretStore): KeyVault or Envelope; Local is development only.')
@allowed([
  'KeyVault'
  'Envelope'
])
param credentialStoreMode string

@description('Memory of each instance.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: identityName
}

resource storage 'Microsoft.Storage/storageAccounts@2026-06-01' existing = {
  name: storageAccountName
}

resource vault 'Microsoft.KeyVault/vaults@2026-05-15' existing = {
  name: keyVaultName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource app 'Microsoft.Web/sites@2025-03-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Without this the platform resolves @Microsoft.KeyVault(...) settings with a system-assigned
    // identity, which this app does not have, and the reference stays unresolved.
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identity.id
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      // Flex Consumption takes the runtime here; FUNCTIONS_WORKER_RUNTIME and
      // FUNCTIONS_EXTENSION_VERSION are not app settings on this plan.
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }

  // Deployments (azd, Core Tools, az functionapp deploy) authenticate with Entra ID on Flex;
  // publishing user names and passwords are not needed, so they are switched off.
  resource ftpCredentials 'basicPublishingCredentialsPolicies' = {
    name: 'ftp'
    properties: {
      allow: false
    }
  }

  resource scmCredentials 'basicPublishingCredentialsPolicies' = {
    name: 'scm'
    properties: {
      allow: false
    }
  }

  // A child resource, not siteConfig.appSettings, so the public URL can use the app's own host name.
  resource appSettings 'config' = {
    name: 'appsettings'
    properties: {
      // Host storage through the managed identity. The host here needs blobs only (timer
      // leases, host locks and keys); no queue or table service URI, since nothing uses
      // queue-based triggers or Durable Functions (see rbac.bicep).
      AzureWebJobsStorage__credential: 'managedidentity'
      AzureWebJobsStorage__clientId: identity.properties.clientId
      AzureWebJobsStorage__blobServiceUri: storage.properties.primaryEndpoints.blob

      // Telemetry with Entra authentication only (local auth is disabled on the component).
      APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identity.properties.clientId};Authorization=AAD'

      // Credentials.Core.Configuration.AppSettings.RequiredInAzure (checked by Credentials.Infra.Tests).
      AZURE_CLIENT_ID: identity.properties.clientId
      RefreshSchedule: refreshSchedule
      WebhookSchedule: webhookSchedule
      Credentials__AdminApiKey: '@Microsoft.KeyVault(VaultName=${vault.name};SecretName=platform-admin-key)'
      Credentials__TableStorage: storage.properties.primaryEndpoints.table
      Credentials__SecretStore: credentialStoreMode
      Credentials__KeyVaultUri: vault.properties.vaultUri
      Credentials__PublicBaseUrl: 'https://${app.properties.defaultHostName}'

      // Fixed-rate sampling of the worker's traces (and the logs inside them) by the Azure Monitor exporter.
      Credentials__TelemetrySamplingPercentage: string(telemetrySamplingPercentage)
    }
  }
}

output name string = app.name
output id string = app.id
output uri string = 'https://${app.properties.defaultHostName}'
