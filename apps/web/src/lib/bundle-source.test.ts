import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { filesReader } from './bundle-source.js';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('filesReader', () => {
  it('reads dropped files by name, and a zip of a bundle folder with the folder dropped', async () => {
    const plain = await filesReader([new File([bytes('{"a":1}')], 'config.json'), new File([bytes('w')], 'model.safetensors')]);
    expect(new TextDecoder().decode(await plain.read('config.json'))).toBe('{"a":1}');
    const zip = zipSync({ 'my-bundle/config.json': bytes('{}'), 'my-bundle/model.safetensors': bytes('xyz') });
    const zipped = await filesReader([new File([zip as BlobPart], 'bundle.zip')]);
    expect(new TextDecoder().decode(await zipped.read('model.safetensors'))).toBe('xyz');
    await expect(zipped.read('tokenizer.json')).rejects.toThrow('tokenizer.json: missing from the bundle (bundle.zip)');
  });

  it('names what is wrong', async () => {
    await expect(filesReader([])).rejects.toThrow('no files were dropped');
    await expect(filesReader([new File([bytes('not a zip')], 'b.zip')])).rejects.toThrow(/^b\.zip: not a readable zip archive/);
  });
});
