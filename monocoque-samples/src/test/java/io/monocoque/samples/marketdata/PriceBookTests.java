package io.monocoque.samples.marketdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

class PriceBookTests {

    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
    private final PriceBook book = new PriceBook(List.of("ACME", "globex"), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void aQuoteIsACentEitherSideOfTheCurrentPrice() {
        Quote quote = book.quote("ACME");
        assertThat(quote.symbol()).isEqualTo("ACME");
        assertThat(quote.ask().subtract(quote.bid())).isEqualByComparingTo("0.02");
        assertThat(quote.timestamp()).isEqualTo(NOW);
    }

    @Test
    void eachSymbolCountsItsOwnTicksFromOne() {
        assertThat(book.tick("ACME").seq()).isEqualTo(1);
        assertThat(book.tick("ACME").seq()).isEqualTo(2);
        assertThat(book.tick("GLOBEX").seq()).isEqualTo(1);
    }

    @Test
    void aTickMovesThePriceThatQuotesAreMadeFrom() {
        for (int i = 0; i < 100; i++) {
            Tick tick = book.tick("ACME");
            assertThat(tick.price()).isPositive();
            assertThat(tick.price().scale()).isEqualTo(2);
            Quote quote = book.quote("ACME");
            assertThat(quote.bid().add(quote.ask()).divide(java.math.BigDecimal.valueOf(2))).isEqualByComparingTo(tick.price());
        }
    }

    @Test
    void symbolsAreUpperCaseInConfigurationOrder() {
        assertThat(book.symbols()).containsExactly("ACME", "GLOBEX");
        assertThat(book.knows("Globex")).isTrue();
        assertThat(book.knows("INITECH")).isFalse();
    }

    @Test
    void unknownAndMissingSymbolsAreRejectedWithAMessageForTheClient() {
        assertThatThrownBy(() -> book.quote("INITECH")).isInstanceOf(QuoteRejectedException.class)
                .hasMessage("unknown symbol 'INITECH'; known symbols: ACME, GLOBEX");
        assertThatThrownBy(() -> book.quote(null)).isInstanceOf(QuoteRejectedException.class)
                .hasMessage("a symbol is required, e.g. {\"symbol\":\"ACME\"}");
    }

    @Test
    void aConfigurationWithoutSymbolsIsRefusedAtStart() {
        assertThatThrownBy(() -> new PriceBook(List.of(), Clock.systemUTC())).hasMessageContaining("market-data.symbols is empty");
        assertThatThrownBy(() -> new PriceBook(List.of("ACME", " "), Clock.systemUTC())).hasMessageContaining("blank entry");
    }
}
