package io.ferrymq.console;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;

/** The console reaches clusters only over the wire: no broker, store or name server code on its classpath. */
class ConsoleLayeringTest {
    @Test
    void noServerCodeOnTheClasspath() {
        for (String c : new String[]{"io.ferrymq.broker.Broker", "io.ferrymq.broker.BrokerMain",
                "io.ferrymq.nameserver.NameServerMain"}) {
            assertThrows(ClassNotFoundException.class, () -> Class.forName(c), c + " must not be reachable");
        }
        assertThrows(ClassNotFoundException.class, () -> Class.forName("io.ferrymq.store.MessageStore"));
    }
}
