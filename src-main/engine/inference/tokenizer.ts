import { Tokenizer } from 'tokenizers';

export interface TokenizedPrompt {
  inputIds: BigInt64Array;
  attentionMask: BigInt64Array;
  /** Words the vocabulary does not know (mapped to the unknown token); shown to the user as a hint. */
  unknownWords: string[];
}

/** A Hugging Face tokenizer.json, padded and truncated to the pack's fixed text length. */
export class PromptTokenizer {
  private constructor(
    private readonly tokenizer: Tokenizer,
    readonly maxLength: number,
    private readonly padId: number,
    private readonly unkId: number | undefined,
  ) {}

  static async fromFile(file: string, maxLength: number): Promise<PromptTokenizer> {
    const tokenizer = Tokenizer.fromFile(file);
    const padId = tokenizer.tokenToId('[PAD]') ?? tokenizer.tokenToId('<pad>') ?? 0;
    const unkId = tokenizer.tokenToId('[UNK]') ?? tokenizer.tokenToId('<unk>') ?? undefined;
    return new PromptTokenizer(tokenizer, maxLength, padId, unkId);
  }

  async encode(text: string): Promise<TokenizedPrompt> {
    const encoding = await this.tokenizer.encode(text);
    const ids = encoding.getIds().slice(0, this.maxLength);
    const tokens = encoding.getTokens();
    const inputIds = new BigInt64Array(this.maxLength).fill(BigInt(this.padId));
    const attentionMask = new BigInt64Array(this.maxLength);
    ids.forEach((id, i) => {
      inputIds[i] = BigInt(id);
      attentionMask[i] = 1n;
    });
    const unknownWords: string[] = [];
    if (this.unkId !== undefined) {
      const offsets = encoding.getOffsets();
      encoding.getIds().forEach((id, i) => {
        if (id === this.unkId) {
          const [start, end] = offsets[i] ?? [0, 0];
          unknownWords.push(text.slice(start, end) || tokens[i] || '?');
        }
      });
    }
    return { inputIds, attentionMask, unknownWords };
  }
}
