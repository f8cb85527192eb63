package io.ferrymq.client.internal;

import io.ferrymq.client.consumer.ConsumeFromWhere;
import io.ferrymq.client.consumer.ConsumerConfig;
import io.ferrymq.client.consumer.MessageModel;

/** Picks the {@link OffsetStore} of a consumer from its message model. */
final class OffsetStores {
    private OffsetStores() {
    }

    /**
     * Clustering: offsets committed to the brokers (asking them for 0 on a young queue unless the start position
     * comes from a TIMESTAMP); broadcasting: the local file {@code <offsetStoreDir>/<group>/offsets.txt}, or
     * {@code <offsetStoreDir>/<group>/<instanceName>/offsets.txt} when an instance name is configured.
     */
    static OffsetStore forConsumer(ClientInstance instance, ConsumerConfig<?> config) {
        if (config.messageModel() == MessageModel.CLUSTERING) {
            return new BrokerOffsetStore(instance, config.group(),
                config.consumeFromWhere() != ConsumeFromWhere.TIMESTAMP);
        }
        return new FileOffsetStore(config.offsetStoreDir().resolve(config.group())
            .resolve(config.instanceName() == null ? "offsets.txt" : config.instanceName() + "/offsets.txt"));
    }
}
