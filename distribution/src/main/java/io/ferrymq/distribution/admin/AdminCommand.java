package io.ferrymq.distribution.admin;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** Base of every sub-command: common options and the output stream. */
abstract class AdminCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Prints {@code json} with --json, else the table. */
    void print(Object json, Table table) {
        if (common.json) {
            CommonOptions.printJson(out(), json);
        } else {
            table.print(out());
        }
    }
}
