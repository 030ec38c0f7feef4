using System.Text.Json;
using Azure;
using Credentials.Core.Errors;
using Credentials.Core.Ids;
using Credentials.Core.Json;
using Credentials.Core.Secrets;
using Credentials.Core.Tenancy;

namespace Credentials.Core.Webhooks;

/// <summary>A newly issued signing secret, shown once.</summary>
public sealed record IssuedWebhookSecret(string Secret, DateTimeOffset CreatedAt);
