package io.ferrymq.broker.transaction;

import io.ferrymq.broker.config.BrokerConfig;

/**
 * The transaction keys the coordinator reads on every round (they may change at runtime through
 * UPDATE_BROKER_CONFIG, so they are read, not copied).
 */
public interface TransactionSettings {
    /** transactionTimeOut: ms after its store time before a half message is first checked. */
    long transactionTimeOut();

    /** transactionCheckMax: checks of one half message before it is discarded. */
    int transactionCheckMax();

    /** transactionCheckInterval: ms between two checks of one half message. */
    long transactionCheckInterval();

    /** The live values of a broker config. */
    static TransactionSettings of(BrokerConfig c) {
        return new TransactionSettings() {
            @Override
            public long transactionTimeOut() {
                return c.transactionTimeOut();
            }

            @Override
            public int transactionCheckMax() {
                return c.transactionCheckMax();
            }

            @Override
            public long transactionCheckInterval() {
                return c.transactionCheckInterval();
            }
        };
    }
}
