// Node's Buffer has had latin1Slice/latin1Write (the fast paths behind toString('latin1') and
// write(s, 'latin1')) since its first releases, but @types/node does not declare them. We call
// them directly on hot paths: they skip the encoding-name lookup and argument normalisation.
interface Buffer {
  latin1Slice(start?: number, end?: number): string;
  latin1Write(text: string, offset?: number, length?: number): number;
}
