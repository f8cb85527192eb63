package io.ferrymq.common.message;

/**
 * Bits of the SYSFLAG field of a stored message (RocketMQ {@code MessageSysFlag}).
 *
 * <pre>
 * bit  0      0x001  COMPRESSED_FLAG            body is compressed (algorithm in bits 8-10)
 * bit  1      0x002  MULTI_TAGS_FLAG
 * bits 2-3    0x00C  transaction type: NOT 0x0, PREPARED 0x4, COMMIT 0x8, ROLLBACK 0xC
 * bit  4      0x010  BORNHOST_V6_FLAG           born host is 16 + 4 bytes
 * bit  5      0x020  STOREHOSTADDRESS_V6_FLAG   store host is 16 + 4 bytes
 * bit  6      0x040  NEED_UNWRAP_FLAG
 * bit  7      0x080  INNER_BATCH_FLAG
 * bits 8-10   0x700  compression type: LZ4 0x100, ZSTD 0x200, ZLIB 0x300 (0 is read as ZLIB)
 * </pre>
 */
public final class MessageSysFlag {
    public static final int COMPRESSED_FLAG = 0x1;
    public static final int MULTI_TAGS_FLAG = 0x1 << 1;
    public static final int TRANSACTION_NOT_TYPE = 0;
    public static final int TRANSACTION_PREPARED_TYPE = 0x1 << 2;
    public static final int TRANSACTION_COMMIT_TYPE = 0x2 << 2;
    public static final int TRANSACTION_ROLLBACK_TYPE = 0x3 << 2;
    public static final int BORNHOST_V6_FLAG = 0x1 << 4;
    public static final int STOREHOSTADDRESS_V6_FLAG = 0x1 << 5;
    public static final int NEED_UNWRAP_FLAG = 0x1 << 6;
    public static final int INNER_BATCH_FLAG = 0x1 << 7;
    public static final int COMPRESSION_LZ4_TYPE = 0x1 << 8;
    public static final int COMPRESSION_ZSTD_TYPE = 0x2 << 8;
    public static final int COMPRESSION_ZLIB_TYPE = 0x3 << 8;
    public static final int COMPRESSION_TYPE_COMPARATOR = 0x7 << 8;

    private static final int TRANSACTION_MASK = 0x3 << 2;

    private MessageSysFlag() {
    }

    /** Transaction type bits (one of the {@code TRANSACTION_*_TYPE} values). */
    public static int transactionValue(int sysFlag) {
        return sysFlag & TRANSACTION_MASK;
    }

    /** Returns {@code sysFlag} with the transaction bits replaced by {@code type}. */
    public static int resetTransactionValue(int sysFlag, int type) {
        return (sysFlag & ~TRANSACTION_MASK) | type;
    }

    public static boolean isBornHostV6(int sysFlag) {
        return (sysFlag & BORNHOST_V6_FLAG) != 0;
    }

    public static boolean isStoreHostV6(int sysFlag) {
        return (sysFlag & STOREHOSTADDRESS_V6_FLAG) != 0;
    }

    public static boolean isCompressed(int sysFlag) {
        return (sysFlag & COMPRESSED_FLAG) != 0;
    }
}
