package io.ferrymq.console.api;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONWriter;
import io.javalin.json.JsonMapper;

import java.lang.reflect.Type;

/** Javalin's JSON through fastjson2 (already the project's JSON library), nulls written out. */
public final class FastJsonMapper implements JsonMapper {
    @Override
    public String toJsonString(Object obj, Type type) {
        return JSON.toJSONString(obj, JSONWriter.Feature.WriteNulls, JSONWriter.Feature.WriteNonStringKeyAsString);
    }

    @Override
    public <T> T fromJsonString(String json, Type targetType) {
        return JSON.parseObject(json, targetType);
    }
}
