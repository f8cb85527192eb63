package io.ferrymq.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The module layering of FerryMQ, written once and checked on the compiled main classes of every module:
 *
 * <pre>
 *   common                      depends on nothing of ours
 *   remoting, store             on common (store never on remoting, Netty or the broker)
 *   nameserver, client          on remoting (and common)
 *   broker                      on remoting and store (and common)
 *   console, distribution tools on the client (and the common / remoting types its API uses); never on server code
 * </pre>
 *
 * A failure names every offending class and dependency; fix the import, never the rule.
 */
class LayeringTest {
    private static final String COMMON = "Common";
    private static final String REMOTING = "Remoting";
    private static final String STORE = "Store";
    private static final String NAME_SERVER = "NameServer";
    private static final String BROKER = "Broker";
    private static final String CLIENT = "Client";
    private static final String TOOLS = "Tools";
    private static final String CONSOLE = "Console";

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.ferrymq");
    }

    static Architectures.LayeredArchitecture layers() {
        return Architectures.layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .withOptionalLayers(true)
                .layer(COMMON).definedBy("io.ferrymq.common..")
                .layer(REMOTING).definedBy("io.ferrymq.remoting..")
                .layer(STORE).definedBy("io.ferrymq.store..")
                .layer(NAME_SERVER).definedBy("io.ferrymq.nameserver..")
                .layer(BROKER).definedBy("io.ferrymq.broker..")
                .layer(CLIENT).definedBy("io.ferrymq.client..")
                .layer(TOOLS).definedBy("io.ferrymq.distribution.admin..", "io.ferrymq.distribution.bench..")
                .layer(CONSOLE).definedBy("io.ferrymq.console..")

                .whereLayer(COMMON).mayNotAccessAnyLayer()
                .whereLayer(REMOTING).mayOnlyAccessLayers(COMMON)
                .whereLayer(STORE).mayOnlyAccessLayers(COMMON)
                .whereLayer(NAME_SERVER).mayOnlyAccessLayers(COMMON, REMOTING)
                .whereLayer(BROKER).mayOnlyAccessLayers(COMMON, REMOTING, STORE)
                .whereLayer(CLIENT).mayOnlyAccessLayers(COMMON, REMOTING)
                // The client's API carries protocol types (codes, headers) from remoting; server code is out.
                .whereLayer(TOOLS).mayOnlyAccessLayers(CLIENT, COMMON, REMOTING)
                .whereLayer(CONSOLE).mayOnlyAccessLayers(CLIENT, COMMON, REMOTING);
    }

    @Test
    void modulesDependOnlyAlongTheAllowedArrows() {
        layers().check(classes);
    }

    @Test
    void theStoreNeverUsesNetty() {
        ArchRule rule = noClasses().that().resideInAPackage("io.ferrymq.store..")
                .should().dependOnClassesThat().resideInAPackage("io.netty..")
                .because("the storage layer knows nothing of the wire; replication transport lives above it");
        rule.check(classes);
    }

    @Test
    void everyModuleIsSeenByTheRules() {
        // Guards against a rule passing because nothing was imported (a missing dependency in this pom).
        for (String pkg : new String[] {"io.ferrymq.common", "io.ferrymq.remoting", "io.ferrymq.store",
                "io.ferrymq.nameserver", "io.ferrymq.broker", "io.ferrymq.client", "io.ferrymq.distribution.admin"}) {
            if (classes.stream().noneMatch(c -> c.getPackageName().startsWith(pkg))) {
                throw new AssertionError("no classes of " + pkg + " on the test classpath; add its module to "
                        + "architecture/pom.xml");
            }
        }
    }
}
