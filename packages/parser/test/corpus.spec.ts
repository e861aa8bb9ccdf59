/**
 * Round trip over Wine's IDL (309 real-world files, ~7 MB after preprocessing): every file parses without
 * errors, its printed form parses without diagnostics, and gives the same tree without spans. Each file is
 * parsed once, its printed form once. Skipped, with a warning, when the corpus has not been fetched; on CI
 * (`CI` set) that fails.
 */
import { basename } from 'node:path';
import { parseIdlFile } from '../src';
import { CORPUS_MISSING, firstDifference, formatDiagnostics, PARSER_ROOT, roundTrip, WINE_IDL_DIRS, wineCorpus } from './helpers';

const files = wineCorpus();

if (!files && process.env['CI']) {
  it('Wine corpus round trip needs the corpus', () => {
    throw new Error(`no Wine corpus at ${WINE_IDL_DIRS.join(', ')}: CI must fetch it (npm run wine:fetch)`);
  });
} else if (!files) {
  it.skip('Wine corpus round trip', () => undefined);
  console.warn(CORPUS_MISSING);
} else {
  describe('Wine corpus round trip', () => {
    it('has the whole corpus', () => {
      expect(files.length).toBeGreaterThanOrEqual(300);
    });

    // mshtml.idl alone is 2.5 MB after preprocessing.
    it.each(files.map((f) => [basename(f), f]))(
      '%s',
      (_name, file) => {
        const parsed = parseIdlFile(file, { includeDirs: WINE_IDL_DIRS });
        const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
        expect(errors.length ? formatDiagnostics(errors, PARSER_ROOT) : '').toBe('');
        const trip = roundTrip(parsed.ast);
        expect(trip.diagnostics.length ? formatDiagnostics(trip.diagnostics.slice(0, 20), PARSER_ROOT) : '').toBe('');
        expect(firstDifference(parsed.ast, trip.reparsed)).toBeNull();
      },
      120_000,
    );
  });
}
