package io.ferrymq.remoting.protocol.header;

import io.ferrymq.remoting.CommandHeader;
import io.ferrymq.remoting.ExtFields;
import io.ferrymq.remoting.HeaderFieldException;
import io.ferrymq.remoting.protocol.RequestCode;

import java.util.Map;

/**
 * SEND_MESSAGE (10) / SEND_REPLY_MESSAGE (324) request header with long names; {@link #decodeV2}/{@link
 * #writeToV2} handle the single-letter form of SEND_MESSAGE_V2 (310), SEND_BATCH_MESSAGE (320) and
 * SEND_REPLY_MESSAGE_V2 (325). Field names as the official V1 header.
 *
 * <p>Required: {@code producerGroup}, {@code topic}, {@code defaultTopic}, {@code defaultTopicQueueNums}, {@code queueId}, {@code sysFlag}, {@code bornTimestamp}, {@code flag}. Handwritten codec, no reflection.
 */
public final class SendMessageRequestHeader implements CommandHeader {
    private String producerGroup;
    private String topic;
    /** Auto-create template topic, normally TBW102. */
    private String defaultTopic;
    private int defaultTopicQueueNums;
    /** Negative = let the broker pick. */
    private int queueId;
    private int sysFlag;
    private long bornTimestamp;
    private int flag;
    /** Properties string (docs/protocol.md 3.3). */
    private String properties;
    private Integer reconsumeTimes;
    private Boolean unitMode;
    /** True for SEND_BATCH_MESSAGE bodies; decides batch vs single. */
    private Boolean batch;
    private Integer maxReconsumeTimes;
    /** Target broker name (V1 key bname, V2 key n). */
    private String bname;

    public SendMessageRequestHeader() {
    }

    /**
     * Reads the header from a request's extFields.
     *
     * @throws HeaderFieldException naming the first missing or malformed field
     */
    public static SendMessageRequestHeader decode(ExtFields f) throws HeaderFieldException {
        SendMessageRequestHeader h = new SendMessageRequestHeader();
        h.producerGroup = f.requireString("producerGroup");
        h.topic = f.requireString("topic");
        h.defaultTopic = f.requireString("defaultTopic");
        h.defaultTopicQueueNums = f.requireInt("defaultTopicQueueNums");
        h.queueId = f.requireInt("queueId");
        h.sysFlag = f.requireInt("sysFlag");
        h.bornTimestamp = f.requireLong("bornTimestamp");
        h.flag = f.requireInt("flag");
        h.properties = f.get("properties");
        h.reconsumeTimes = f.optInteger("reconsumeTimes");
        h.unitMode = f.has("unitMode") ? Boolean.valueOf(f.requireBoolean("unitMode")) : null;
        h.batch = f.has("batch") ? Boolean.valueOf(f.requireBoolean("batch")) : null;
        h.maxReconsumeTimes = f.optInteger("maxReconsumeTimes");
        h.bname = f.get("bname");
        return h;
    }

    @Override
    public void writeTo(Map<String, String> ext) {
        if (producerGroup != null) {
            ext.put("producerGroup", producerGroup);
        }
        if (topic != null) {
            ext.put("topic", topic);
        }
        if (defaultTopic != null) {
            ext.put("defaultTopic", defaultTopic);
        }
        ext.put("defaultTopicQueueNums", String.valueOf(defaultTopicQueueNums));
        ext.put("queueId", String.valueOf(queueId));
        ext.put("sysFlag", String.valueOf(sysFlag));
        ext.put("bornTimestamp", String.valueOf(bornTimestamp));
        ext.put("flag", String.valueOf(flag));
        if (properties != null) {
            ext.put("properties", properties);
        }
        if (reconsumeTimes != null) {
            ext.put("reconsumeTimes", reconsumeTimes.toString());
        }
        if (unitMode != null) {
            ext.put("unitMode", unitMode.toString());
        }
        if (batch != null) {
            ext.put("batch", batch.toString());
        }
        if (maxReconsumeTimes != null) {
            ext.put("maxReconsumeTimes", maxReconsumeTimes.toString());
        }
        if (bname != null) {
            ext.put("bname", bname);
        }
    }

    /**
     * Reads the SEND_MESSAGE_V2 / SEND_BATCH_MESSAGE / SEND_REPLY_MESSAGE_V2 form with single-letter keys a..n
     * (docs/protocol.md 2.4). Errors name the V2 key and its long name, e.g. {@code 'b' (topic)}.
     *
     * @throws HeaderFieldException naming the first missing or malformed field
     */
    public static SendMessageRequestHeader decodeV2(ExtFields f) throws HeaderFieldException {
        try {
            SendMessageRequestHeader h = new SendMessageRequestHeader();
            h.producerGroup = f.requireString("a");
            h.topic = f.requireString("b");
            h.defaultTopic = f.requireString("c");
            h.defaultTopicQueueNums = f.requireInt("d");
            h.queueId = f.requireInt("e");
            h.sysFlag = f.requireInt("f");
            h.bornTimestamp = f.requireLong("g");
            h.flag = f.requireInt("h");
            h.properties = f.get("i");
            h.reconsumeTimes = f.optInteger("j");
            h.unitMode = f.has("k") ? Boolean.valueOf(f.requireBoolean("k")) : null;
            h.maxReconsumeTimes = f.optInteger("l");
            h.batch = f.has("m") ? Boolean.valueOf(f.requireBoolean("m")) : null;
            h.bname = f.get("n");
            return h;
        } catch (HeaderFieldException e) {
            String longName = longNameOfV2Key(e.field());
            throw new HeaderFieldException(e.field(), e.getMessage() + (longName == null ? "" : " (" + longName + ")"));
        }
    }

    /**
     * Reads the header in the form {@code requestCode} uses: V2 keys for SEND_MESSAGE_V2, SEND_BATCH_MESSAGE and
     * SEND_REPLY_MESSAGE_V2, long names otherwise.
     */
    public static SendMessageRequestHeader decodeFor(int requestCode, ExtFields f) throws HeaderFieldException {
        return usesV2(requestCode) ? decodeV2(f) : decode(f);
    }

    /** True for the request codes whose send header uses the single-letter V2 keys. */
    public static boolean usesV2(int requestCode) {
        return requestCode == RequestCode.SEND_MESSAGE_V2 || requestCode == RequestCode.SEND_BATCH_MESSAGE
                || requestCode == RequestCode.SEND_REPLY_MESSAGE_V2;
    }

    /** Writes the single-letter V2 form (what the official producer sends with SEND_MESSAGE_V2). */
    public void writeToV2(Map<String, String> ext) {
        if (producerGroup != null) {
            ext.put("a", producerGroup);
        }
        if (topic != null) {
            ext.put("b", topic);
        }
        if (defaultTopic != null) {
            ext.put("c", defaultTopic);
        }
        ext.put("d", String.valueOf(defaultTopicQueueNums));
        ext.put("e", String.valueOf(queueId));
        ext.put("f", String.valueOf(sysFlag));
        ext.put("g", String.valueOf(bornTimestamp));
        ext.put("h", String.valueOf(flag));
        if (properties != null) {
            ext.put("i", properties);
        }
        if (reconsumeTimes != null) {
            ext.put("j", reconsumeTimes.toString());
        }
        if (unitMode != null) {
            ext.put("k", unitMode.toString());
        }
        if (maxReconsumeTimes != null) {
            ext.put("l", maxReconsumeTimes.toString());
        }
        if (batch != null) {
            ext.put("m", batch.toString());
        }
        if (bname != null) {
            ext.put("n", bname);
        }
    }

    /** This header in V2 form, as a {@link CommandHeader} for {@code RemotingCommand.request(code, header)}. */
    public CommandHeader asV2() {
        return this::writeToV2;
    }

    /** True when {@code batch} is set: the body is a batch encoding. */
    public boolean isBatch() {
        return batch != null && batch;
    }

    private static String longNameOfV2Key(String key) {
        return switch (key) {
            case "a" -> "producerGroup";
            case "b" -> "topic";
            case "c" -> "defaultTopic";
            case "d" -> "defaultTopicQueueNums";
            case "e" -> "queueId";
            case "f" -> "sysFlag";
            case "g" -> "bornTimestamp";
            case "h" -> "flag";
            case "i" -> "properties";
            case "j" -> "reconsumeTimes";
            case "k" -> "unitMode";
            case "l" -> "maxReconsumeTimes";
            case "m" -> "batch";
            case "n" -> "bname";
            default -> null;
        };
    }

    public String producerGroup() {
        return producerGroup;
    }

    public SendMessageRequestHeader producerGroup(String producerGroup) {
        this.producerGroup = producerGroup;
        return this;
    }

    public String topic() {
        return topic;
    }

    public SendMessageRequestHeader topic(String topic) {
        this.topic = topic;
        return this;
    }

    public String defaultTopic() {
        return defaultTopic;
    }

    public SendMessageRequestHeader defaultTopic(String defaultTopic) {
        this.defaultTopic = defaultTopic;
        return this;
    }

    public int defaultTopicQueueNums() {
        return defaultTopicQueueNums;
    }

    public SendMessageRequestHeader defaultTopicQueueNums(int defaultTopicQueueNums) {
        this.defaultTopicQueueNums = defaultTopicQueueNums;
        return this;
    }

    public int queueId() {
        return queueId;
    }

    public SendMessageRequestHeader queueId(int queueId) {
        this.queueId = queueId;
        return this;
    }

    public int sysFlag() {
        return sysFlag;
    }

    public SendMessageRequestHeader sysFlag(int sysFlag) {
        this.sysFlag = sysFlag;
        return this;
    }

    public long bornTimestamp() {
        return bornTimestamp;
    }

    public SendMessageRequestHeader bornTimestamp(long bornTimestamp) {
        this.bornTimestamp = bornTimestamp;
        return this;
    }

    public int flag() {
        return flag;
    }

    public SendMessageRequestHeader flag(int flag) {
        this.flag = flag;
        return this;
    }

    public String properties() {
        return properties;
    }

    public SendMessageRequestHeader properties(String properties) {
        this.properties = properties;
        return this;
    }

    public Integer reconsumeTimes() {
        return reconsumeTimes;
    }

    public SendMessageRequestHeader reconsumeTimes(Integer reconsumeTimes) {
        this.reconsumeTimes = reconsumeTimes;
        return this;
    }

    public Boolean unitMode() {
        return unitMode;
    }

    public SendMessageRequestHeader unitMode(Boolean unitMode) {
        this.unitMode = unitMode;
        return this;
    }

    public Boolean batch() {
        return batch;
    }

    public SendMessageRequestHeader batch(Boolean batch) {
        this.batch = batch;
        return this;
    }

    public Integer maxReconsumeTimes() {
        return maxReconsumeTimes;
    }

    public SendMessageRequestHeader maxReconsumeTimes(Integer maxReconsumeTimes) {
        this.maxReconsumeTimes = maxReconsumeTimes;
        return this;
    }

    public String bname() {
        return bname;
    }

    public SendMessageRequestHeader bname(String bname) {
        this.bname = bname;
        return this;
    }

    @Override
    public String toString() {
        return "SendMessageRequestHeader{" + "producerGroup=" + producerGroup + ", topic=" + topic + ", defaultTopic=" + defaultTopic
                + ", defaultTopicQueueNums=" + defaultTopicQueueNums + ", queueId=" + queueId + ", sysFlag=" + sysFlag
                + ", bornTimestamp=" + bornTimestamp + ", flag=" + flag + ", properties=" + properties
                + ", reconsumeTimes=" + reconsumeTimes + ", unitMode=" + unitMode + ", batch=" + batch
                + ", maxReconsumeTimes=" + maxReconsumeTimes + ", bname=" + bname + '}';
    }
}
