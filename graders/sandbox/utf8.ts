// UTF-8 for a bare JavaScript engine (an isolate has no TextEncoder or TextDecoder).

/** The UTF-8 bytes of a string; lone surrogates become U+FFFD. */
export function encodeUtf8(text: string): Uint8Array {
  const out: number[] = [];
  for (const ch of text) {
    let cp = ch.codePointAt(0)!;
    if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
    if (cp < 0x80) out.push(cp);
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
    else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
    else {
      out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63));
      out.push(0x80 | (cp & 63));
    }
  }
  return Uint8Array.from(out);
}

/** The string of UTF-8 bytes; throws on a malformed sequence. */
export function decodeUtf8(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i]!;
    const length = b < 0x80 ? 1 : b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 0;
    if (length === 0 || i + length > bytes.length) throw new TypeError('invalid UTF-8');
    let cp = length === 1 ? b : b & (0xff >> (length + 1));
    for (let k = 1; k < length; k++) {
      const c = bytes[i + k]!;
      if ((c & 0xc0) !== 0x80) throw new TypeError('invalid UTF-8');
      cp = (cp << 6) | (c & 63);
    }
    text += String.fromCodePoint(cp);
    i += length;
  }
  return text;
}

class Utf8Encoder {
  readonly encoding = 'utf-8';
  encode(text = ''): Uint8Array {
    return encodeUtf8(text);
  }
}

class Utf8Decoder {
  readonly encoding = 'utf-8';
  decode(bytes?: Uint8Array): string {
    return bytes ? decodeUtf8(bytes) : '';
  }
}

/** Installs TextEncoder and TextDecoder (UTF-8 only) where the engine lacks them. */
export function installTextCodecs(global: Record<string, unknown>): void {
  global['TextEncoder'] ??= Utf8Encoder;
  global['TextDecoder'] ??= Utf8Decoder;
}
