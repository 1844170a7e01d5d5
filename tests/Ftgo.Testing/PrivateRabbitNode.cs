using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using RabbitMQ.Client;

namespace Ftgo.Testing;

/// <summary>
/// A RabbitMQ node of this test alone (own node name, ports, cookie and data folder, loopback only),
/// so that the test may stop and restart it without touching the shared broker. Recipe of HINTS.md
/// and tests/infra/rabbitmq.sh.
/// </summary>
public sealed class PrivateRabbitNode : IAsyncDisposable
{
    private const string Sbin = "/usr/lib/rabbitmq/bin";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ftgo-rmq-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly string _node = $"ftgomsg{System.Environment.ProcessId}r{Random.Shared.Next(100000)}@localhost";
    private readonly int _port = FreePort();
    private readonly int _distPort = FreePort();

    public string Uri => $"amqp://guest:guest@127.0.0.1:{_port}/";

    public static async Task<PrivateRabbitNode> StartAsync()
    {
        if (!File.Exists(Path.Combine(Sbin, "rabbitmq-server")))
        {
            throw new InvalidOperationException($"rabbitmq-server is not installed ({Sbin}); tests/run.sh installs it.");
        }
        var node = new PrivateRabbitNode();
        Directory.CreateDirectory(Path.Combine(node._dir, "mnesia"));
        Directory.CreateDirectory(Path.Combine(node._dir, "log"));
        await File.WriteAllTextAsync(Path.Combine(node._dir, ".erlang.cookie"), "FTGOMSGTEST" + Random.Shared.Next(1_000_000));
        await File.WriteAllTextAsync(Path.Combine(node._dir, "enabled_plugins"), "[].");
        await File.WriteAllTextAsync(Path.Combine(node._dir, "rabbitmq-env.conf"), "");
        await File.WriteAllTextAsync(Path.Combine(node._dir, "rabbitmq.conf"),
            $"listeners.tcp.default = 127.0.0.1:{node._port}\nloopback_users.guest = true\n");
        await Run("chmod", "400", Path.Combine(node._dir, ".erlang.cookie"));
        await Run("chown", "-R", "rabbitmq:", node._dir);
        if (await Run("epmd", "-names") != 0)
        {
            await Run("runuser", "-u", "rabbitmq", "--", "epmd", "-address", "127.0.0.1", "-daemon");
        }
        await node.StartAgainAsync();
        return node;
    }

    /// <summary>Boots the node (again, on the same data) and waits until it takes AMQP connections.</summary>
    public async Task StartAgainAsync()
    {
        var code = await RabbitCommand("rabbitmq-server", "-detached");
        if (code != 0)
        {
            throw new InvalidOperationException($"rabbitmq-server -detached failed with {code}");
        }
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            try
            {
                var factory = new ConnectionFactory { Uri = new System.Uri(Uri) };
                await using var connection = await factory.CreateConnectionAsync();
                return;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
    }

    /// <summary>Runs <c>rabbitmqctl</c> against this node (a policy, a listing); fails on a non-zero exit.</summary>
    public async Task CtlAsync(params string[] args)
    {
        var code = await RabbitCommand("rabbitmqctl", ["-n", _node, .. args]);
        if (code != 0)
        {
            throw new InvalidOperationException($"rabbitmqctl {string.Join(' ', args)} exited with {code}");
        }
    }

    /// <summary>Stops the node; returns once its VM has exited.</summary>
    public async Task StopAsync() => await RabbitCommand("rabbitmqctl", "-n", _node, "stop", Path.Combine(_dir, "rabbitmq.pid"));

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a dying VM: the temp folder is cleaned with the machine.
        }
    }

    /// <summary>
    /// A shell script that stops this node and boots it again on the same data (what a service manager's
    /// restart does), for a program that restarts the broker itself (<c>ftgo demo --restart-broker</c>).
    /// Returns the command line that runs it; it returns once the node is booting, and the caller waits for AMQP.
    /// </summary>
    public string RestartCommand()
    {
        var path = Path.Combine(_dir, "restart.sh");
        string Line(string tool, params string[] args) =>
            string.Join(' ', new[] { "runuser", "-u", "rabbitmq", "--", "env" }.Concat(NodeEnvironment()).Append(Path.Combine(Sbin, tool)).Concat(args).Select(Quote));
        File.WriteAllText(path, $"#!/bin/sh\nset -e\ncd {Quote(_dir)}\n{Line("rabbitmqctl", "-n", _node, "stop", Path.Combine(_dir, "rabbitmq.pid"))}\n{Line("rabbitmq-server", "-detached")}\n");
        return $"sh {Quote(path)}";
    }

    private static string Quote(string word) => "'" + word.Replace("'", "'\\''") + "'";

    private Task<int> RabbitCommand(string tool, params string[] args) =>
        Run("runuser", ["-u", "rabbitmq", "--", "env", .. NodeEnvironment(), Path.Combine(Sbin, tool), .. args], _dir);

    private string[] NodeEnvironment() =>
        [
            $"HOME={_dir}", $"RABBITMQ_NODENAME={_node}", "RABBITMQ_NODE_IP_ADDRESS=127.0.0.1",
            $"RABBITMQ_NODE_PORT={_port}", $"RABBITMQ_DIST_PORT={_distPort}",
            $"RABBITMQ_MNESIA_BASE={_dir}/mnesia", $"RABBITMQ_LOG_BASE={_dir}/log", $"RABBITMQ_PID_FILE={_dir}/rabbitmq.pid",
            $"RABBITMQ_CONFIG_FILE={_dir}/rabbitmq.conf", $"RABBITMQ_CONF_ENV_FILE={_dir}/rabbitmq-env.conf",
            $"RABBITMQ_ENABLED_PLUGINS_FILE={_dir}/enabled_plugins",
            "RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS=-kernel inet_dist_use_interface {127,0,0,1}",
            "RABBITMQ_CTL_ERL_ARGS=-kernel inet_dist_use_interface {127,0,0,1}",
        ];

    private static async Task<int> Run(string file, string[] args, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        if (workingDirectory is not null)
        {
            info.WorkingDirectory = workingDirectory;
        }
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        await Task.WhenAll(output, error);
        return process.ExitCode;
    }

    private static Task<int> Run(string file, params string[] args) => Run(file, args, null);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
