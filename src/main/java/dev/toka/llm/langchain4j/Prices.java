package dev.toka.llm.langchain4j;

import dev.toka.llm.LlmConfig;
import jakarta.inject.Singleton;
import java.math.BigDecimal;

/** The cost of tokens by the configured price table ({@code toka.llm.prices.<model>.*}); unknown models cost nothing. */
@Singleton
class Prices {

    private final LlmConfig config;

    Prices(LlmConfig config) {
        this.config = config;
    }

    /** What {@code promptTokens} and {@code completionTokens} of {@code model} cost. */
    BigDecimal cost(String model, long promptTokens, long completionTokens) {
        LlmConfig.Price price = config.prices().get(model);
        if (price == null) {
            return BigDecimal.ZERO;
        }
        return per1k(price.promptPer1k(), promptTokens).add(per1k(price.completionPer1k(), completionTokens));
    }

    private static BigDecimal per1k(BigDecimal price, long tokens) {
        return price.multiply(BigDecimal.valueOf(tokens)).movePointLeft(3);
    }
}
