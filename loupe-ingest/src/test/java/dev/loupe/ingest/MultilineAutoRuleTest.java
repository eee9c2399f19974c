package dev.loupe.ingest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Line by line: does the line continue the event before it, given the line before it? */
class MultilineAutoRuleTest {
  @ParameterizedTest(name = "after [{0}]: [{1}] continues={2}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      value = {
        // indentation
        "started                                | '\tat com.example.App.run(App.java:10)' | true",
        "started                                | '    at Object.<anonymous> (/x.js:1:1)' | true",
        "started                                | ' '                                     | true",
        "started                                | 2024-05-01 next line                    | false",
        // Java forms
        "started                                | Caused by: java.io.IOException: x       | true",
        "started                                | Suppressed: java.lang.Exception         | true",
        "started                                | ... 12 more                             | true",
        "started                                | ... 3 common frames omitted             | true",
        "started                                | ... and then                            | false",
        "started                                | java.lang.IllegalStateException: boom   | true",
        "started                                | java.lang.OutOfMemoryError              | true",
        "started                                | com.example.Outer$BadThrowable: x       | true",
        "started                                | IllegalStateException: no package       | false",
        "started                                | com.example.Service: started            | false",
        "started                                | java.lang.Exception in thread main      | false",
        "started                                | 'Exception in thread \"main\" x.YError'  | false",
        // Python forms
        "started                                | Traceback (most recent call last):      | true",
        "started                                | ValueError: bad value                   | false",
        "started                                | During handling of the above exception, another exception occurred: | true",
        "started                                | The above exception was the direct cause of the following exception: | true",
        // Go forms
        "panic: boom                            | goroutine 1 [running]:                  | true",
        "goroutine 1 [running]:                 | main.main()                             | true",
        "goroutine 7 [chan receive]:            | 'main.(*T).f(0xc0, {0x4b, 0x5})'        | true",
        "goroutine 1 [running]:                 | created by main.main in goroutine 1     | true",
        "goroutine 1 [running]:                 | exit status 2                           | false",
        "started                                | main.main()                             | false",
        "started                                | goroutine 12 [select, 2 minutes]:       | true",
        "started                                | goroutine x [running]:                  | false",
        "panic: boom                            | '[signal SIGSEGV: segmentation violation]' | true",
      })
  void decidesFromTheLineAndTheOneBefore(String previous, String line, boolean continues) {
    MultilineAutoRule rule = new MultilineAutoRule();
    continuesEvent(rule, previous);

    assertThat(continuesEvent(rule, line)).isEqualTo(continues);
  }

  @org.junit.jupiter.api.Test
  void thePythonExceptionLineEndsTheTraceback() {
    MultilineAutoRule rule = new MultilineAutoRule();
    continuesEvent(rule, "Traceback (most recent call last):");
    continuesEvent(rule, "  File \"x.py\", line 1, in <module>");

    assertThat(continuesEvent(rule, "ValueError: bad")).isTrue();
    assertThat(continuesEvent(rule, "INFO next request")).isFalse();
  }

  @org.junit.jupiter.api.Test
  void anyUnindentedLineAfterTracebackFramesNamesTheException() {
    MultilineAutoRule rule = new MultilineAutoRule();
    continuesEvent(rule, "Traceback (most recent call last):");
    continuesEvent(rule, "  File \"x.py\", line 1, in <module>");

    assertThat(continuesEvent(rule, "KeyboardInterrupt")).isTrue();
  }

  @org.junit.jupiter.api.Test
  void indentedLinesAloneDoNotMakeATraceback() {
    MultilineAutoRule rule = new MultilineAutoRule();
    continuesEvent(rule, "  File \"x.py\", line 1, in <module>");

    assertThat(continuesEvent(rule, "KeyboardInterrupt")).isFalse();
  }

  @org.junit.jupiter.api.Test
  void aTracebackHeaderWithoutFramesDoesNotSwallowTheNextLine() {
    MultilineAutoRule rule = new MultilineAutoRule();
    continuesEvent(rule, "Traceback (most recent call last):");

    assertThat(continuesEvent(rule, "INFO next request")).isFalse();
  }

  @org.junit.jupiter.api.Test
  void aGoroutineDumpContinuesThroughItsIndentedFileLines() {
    MultilineAutoRule rule = new MultilineAutoRule();
    continuesEvent(rule, "goroutine 1 [running]:");
    assertThat(continuesEvent(rule, "main.main()")).isTrue();
    assertThat(continuesEvent(rule, "\t/tmp/x.go:8 +0x1d")).isTrue();
    assertThat(continuesEvent(rule, "main.helper(...)")).isTrue();
    assertThat(continuesEvent(rule, "2024/05/01 12:00:00 restarted")).isFalse();
    assertThat(continuesEvent(rule, "main.main()")).isFalse();
  }

  private static boolean continuesEvent(MultilineAutoRule rule, String line) {
    byte[] bytes = ("xx" + line).getBytes(UTF_8);
    // An offset into the array, as the decoders pass slices of their read buffer.
    return rule.continuesEvent(bytes, 2, bytes.length - 2);
  }
}
