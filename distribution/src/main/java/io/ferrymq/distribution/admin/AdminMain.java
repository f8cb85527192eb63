package io.ferrymq.distribution.admin;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/**
 * {@code ferry-admin}: the FerryMQ admin command line. Every command takes {@code -n namesrvAddr}, {@code --json}
 * and {@code --help}. Errors end with a non-zero exit and one line naming the problem (2 for bad arguments, 1 for
 * failures).
 */
@Command(name = "ferry-admin", mixinStandardHelpOptions = true, version = "FerryMQ admin 0.1.0",
        description = "Administer a FerryMQ (or Apache RocketMQ) cluster.",
        subcommands = {
            ClusterCommands.ClusterList.class, ClusterCommands.BrokerStatus.class,
            TopicCommands.TopicList.class, TopicCommands.TopicRoute.class, TopicCommands.TopicStatus.class,
            TopicCommands.UpdateTopic.class, TopicCommands.DeleteTopic.class,
            ConsumerCommands.Progress.class, ConsumerCommands.Connection.class, ConsumerCommands.ResetOffset.class,
            ConsumerCommands.DeleteSubGroup.class,
            MessageCommands.ById.class, MessageCommands.ByKey.class, MessageCommands.ByOffset.class,
            MessageCommands.Send.class, MessageCommands.Consume.class, TraceCommand.class,
            BrokerConfigCommands.Update.class, BrokerConfigCommands.Get.class,
            ClusterCommands.WaitCluster.class, DemoCommand.class,
            AclCommands.Update.class, AclCommands.Delete.class, AclCommands.ListAccounts.class
        })
public final class AdminMain implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    /** Builds the command line with FerryMQ's one-line error reporting; tests call this directly. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new AdminMain());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            String cmd = c.getCommandName();
            c.getErr().println("ferry-admin: " + ex.getMessage() + " (see '"
                    + ("ferry-admin".equals(cmd) ? "ferry-admin --help" : "ferry-admin " + cmd + " --help") + "')");
            c.getErr().flush();
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            String msg = ex.getMessage() == null ? ex.toString() : ex.getMessage();
            c.getErr().println("ferry-admin " + c.getCommandName() + ": " + msg.replace('\n', ' '));
            c.getErr().flush();
            return 1;
        });
        return cl;
    }

    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return commandLine(out, err).execute(args);
    }

    public static void main(String[] args) {
        int code = run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        System.exit(code);
    }
}
