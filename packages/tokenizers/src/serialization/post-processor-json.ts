import { BertProcessing } from '../post-processors/bert.js';
import { ByteLevelProcessing } from '../post-processors/byte-level.js';
import type { PostProcessor } from '../post-processors/post-processor.js';
import { RobertaProcessing } from '../post-processors/roberta.js';
import { SequenceProcessing } from '../post-processors/sequence.js';
import { TemplateProcessing, type TemplatePiece, type TemplateSpecialToken } from '../post-processors/template.js';
import { Fields, TokenizerConfigError } from '../utils/errors.js';

const TYPES = ['TemplateProcessing', 'BertProcessing', 'RobertaProcessing', 'ByteLevel', 'Sequence'];

function tokenPair(g: Fields, field: string): [string, number] {
  const v = g.array(field);
  if (v.length !== 2 || typeof v[0] !== 'string' || typeof v[1] !== 'number') g.fail(field, '[token, id]');
  return [v[0], v[1]];
}

function pieces(g: Fields, field: string): TemplatePiece[] {
  return g.array(field).map((item, i) => {
    const it = Fields.of(`${g.component}.${field}[${i}]`, item);
    if (it.has('Sequence')) {
      const s = Fields.of(`${g.component}.${field}[${i}].Sequence`, it.raw('Sequence'));
      return { sequence: s.oneOf('id', ['A', 'B']), typeId: s.int('type_id') };
    }
    if (it.has('SpecialToken')) {
      const s = Fields.of(`${g.component}.${field}[${i}].SpecialToken`, it.raw('SpecialToken'));
      return { specialToken: s.string('id'), typeId: s.int('type_id') };
    }
    return it.fail('Sequence', 'a Sequence or SpecialToken item');
  });
}

/** Builds a post-processor from its HF tokenizer.json object; errors name the type and field. */
export function postProcessorFromJSON(value: unknown, path = 'post_processor'): PostProcessor {
  const f = Fields.of(path, value);
  const type = f.string('type');
  const g = new Fields(`${path} ${type}`, f.obj);
  switch (type) {
    case 'TemplateProcessing': {
      const st = g.object('special_tokens');
      const specials: TemplateSpecialToken[] = Object.entries(st).map(([k, v]) => {
        const s = Fields.of(`${path} TemplateProcessing.special_tokens["${k}"]`, v);
        const ids = s.array('ids');
        const tokens = s.array('tokens');
        if (!ids.every((x) => typeof x === 'number')) s.fail('ids', 'an array of ids');
        if (!tokens.every((x) => typeof x === 'string')) s.fail('tokens', 'an array of strings');
        return { id: s.string('id'), ids: ids as number[], tokens: tokens as string[] };
      });
      return new TemplateProcessing(pieces(g, 'single'), pieces(g, 'pair'), specials);
    }
    case 'BertProcessing':
      return new BertProcessing(tokenPair(g, 'sep'), tokenPair(g, 'cls'));
    case 'RobertaProcessing':
      return new RobertaProcessing(tokenPair(g, 'sep'), tokenPair(g, 'cls'), g.bool('trim_offsets', true), g.bool('add_prefix_space', true));
    case 'ByteLevel':
      return new ByteLevelProcessing(g.bool('trim_offsets', true), g.bool('add_prefix_space', true), g.bool('use_regex', true));
    case 'Sequence':
      return new SequenceProcessing(g.array('processors').map((p, i) => postProcessorFromJSON(p, `${path}.processors[${i}]`)));
    default:
      throw new TokenizerConfigError(path, 'type', `one of ${TYPES.join(', ')}`, type);
  }
}
