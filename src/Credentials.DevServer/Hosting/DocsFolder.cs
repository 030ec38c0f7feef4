using Credentials.DevServer.Storage;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

namespace Credentials.DevServer.Hosting;

/// <summary>Serves the repository's docs folder at <see cref="DevelopmentDefaults.DocsPath"/>, so problem <c>type</c> URIs resolve on a local run.</summary>
internal static class DocsFolder
{
    /// <summary>Adds the static files; does nothing when DevServer runs outside a checkout.</summary>
    public static void ServeDocs(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        string docs;
        try
        {
            docs = Path.Combine(RepositoryRoot.Find(), "docs");
        }
        catch (InvalidOperationException)
        {
            return;
        }

        if (!Directory.Exists(docs))
        {
            return;
        }

        // Markdown as plain text: every browser shows it rather than offering a download.
        var types = new FileExtensionContentTypeProvider();
        types.Mappings[".md"] = "text/plain; charset=utf-8";
        app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(docs), RequestPath = DevelopmentDefaults.DocsPath, ContentTypeProvider = types });
    }
}
