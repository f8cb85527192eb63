package io.ferrymq.client;

import io.ferrymq.client.consumer.MessageModel;
import io.ferrymq.client.consumer.PushConsumerConfig;
import io.ferrymq.client.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClientConfigTest {
    @Test
    void tlsSettingsComeFromTheKeysOrRocketMqsNamesAndACertificateNeedsItsKey() {
        ProducerConfig c = new ProducerConfig().group("PG").nameServers("h:1").apply(Map.of("tls.enable", "true",
            "tls.client.trustCertPath", "/etc/ca.crt", "tls.client.certPath", "/etc/app.crt",
            "tls.client.keyPath", "/etc/app.key"));
        assertEquals(new ClientTls("/etc/ca.crt", true, "/etc/app.crt", "/etc/app.key", null), c.tlsSettings());
        assertEquals(ClientTls.trusting("/ca").withVerifyHostname(false),
            new ProducerConfig().tls(ClientTls.trusting("/ca").withVerifyHostname(false)).tlsSettings());
        assertEquals(null, new ProducerConfig().tlsSettings(), "plaintext by default");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ProducerConfig()
            .group("PG").nameServers("h:1").apply(Map.of("tlsEnable", "true", "tlsCertPath", "/etc/app.crt"))
            .validate());
        assertTrue(e.getMessage().contains("tlsCertPath") && e.getMessage().contains("without its key"),
            e.getMessage());
        ClientTls withPassword = ClientTls.trusting(null).withClientCertificate("/a.crt", "/a.key", "s3cret-pass");
        assertTrue(!withPassword.toString().contains("s3cret-pass"), "the key password stays out of logs");
    }

    @Test
    void badValuesFailNamingTheSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> new ProducerConfig().group("PG").validate());
        assertTrue(e.getMessage().contains("nameServers"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
            () -> new ProducerConfig().nameServers("127.0.0.1:9876").validate());
        assertTrue(e.getMessage().contains("group"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
            () -> new ProducerConfig().group("PG").nameServers("127.0.0.1:9876").retryTimesWhenSendFailed(99)
                .validate());
        assertTrue(e.getMessage().contains("retryTimesWhenSendFailed"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
            () -> new ProducerConfig().group("PG").nameServers("nohostport").validate());
        assertTrue(e.getMessage().contains("nohostport"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
            () -> new PushConsumerConfig().group("CG").nameServers("h:1").pullTimeoutMillis(1000)
                .brokerSuspendMaxTimeMillis(2000).validate());
        assertTrue(e.getMessage().contains("pullTimeoutMillis"), e.getMessage());
    }

    @Test
    void stringSettingsApplyAndUnknownKeysFail() {
        PushConsumerConfig c = new PushConsumerConfig().apply(Map.of("group", "CG", "nameServers", "h:1;h:2",
            "messageModel", "broadcasting", "consumeThreads", "4", "rebalanceIntervalMillis", "250"));
        c.validate();
        assertEquals(MessageModel.BROADCASTING, c.messageModel());
        assertEquals(4, c.consumeThreads());
        assertEquals(2, c.nameServerList().size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> new PushConsumerConfig().apply(Map.of("consumeThread", "4")));
        assertTrue(e.getMessage().contains("consumeThread"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
            () -> new ProducerConfig().apply(Map.of("sendTimeoutMillis", "soon")));
        assertTrue(e.getMessage().contains("sendTimeoutMillis"), e.getMessage());
    }

    @Test
    void clientIdIsIpAtPidBasedInstanceUniquePerClient() {
        ProducerConfig c = new ProducerConfig().clientIp("10.1.2.3");
        String id = c.buildClientId();
        assertTrue(id.matches("10\\.1\\.2\\.3@" + ProcessHandle.current().pid() + "#\\d+"), id);
        assertNotEquals(id, c.buildClientId());
        assertEquals("10.1.2.3@app1", c.instanceName("app1").buildClientId());
    }
}
