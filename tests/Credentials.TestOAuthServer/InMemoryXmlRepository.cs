using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Credentials.TestOAuthServer;

/// <summary>Keeps one server's Data Protection keys (for the login cookie) in memory, so nothing is written under the user profile.</summary>
internal sealed class InMemoryXmlRepository : IXmlRepository
{
    private readonly List<XElement> _elements = [];

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        lock (_elements)
        {
            return [.. _elements.Select(e => new XElement(e))];
        }
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        lock (_elements)
        {
            _elements.Add(new XElement(element));
        }
    }
}
