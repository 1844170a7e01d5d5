using JasperFx;
using Microsoft.Extensions.Hosting;

namespace Ftgo.Messaging;

/// <summary>The entry point of an FTGO process with message handlers: serve, or write its handler code.</summary>
public static class HandlerCodegen
{
    /// <summary>
    /// Runs the host until shutdown; with <c>codegen …</c> as the first arguments (<c>codegen write</c>,
    /// <c>codegen preview</c>, <c>codegen test</c>) runs Wolverine's code generation command instead.
    /// Only that verb goes to the JasperFx command line: every other argument stays the host's configuration.
    /// </summary>
    public static async Task<int> RunOrGenerateCodeAsync(this IHost host, string[] args)
    {
        if (args is ["codegen", ..])
        {
            return await host.RunJasperFxCommands(args);
        }
        await host.RunAsync();
        return 0;
    }
}
