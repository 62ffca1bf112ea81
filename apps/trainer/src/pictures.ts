import { attentionSpec, confusionSpec, lossCurveSpec, renderPng, renderSvg, type TopLevelSpec } from '@seqlab/viz/node';
import type { Translation } from './tasks/seq2seq-decode.js';

/** Picture files by name (`.svg` text and `.png` bytes). */
export type Pictures = Record<string, string | Uint8Array>;

/** `name.svg` and `name.png` of one Vega-Lite spec (rendered by @seqlab/viz: vega + resvg). */
export async function picture(name: string, spec: TopLevelSpec): Promise<Pictures> {
  return { [`${name}.svg`]: await renderSvg(spec), [`${name}.png`]: await renderPng(spec) };
}

/** The loss curve, train and validation (loss-curve.svg / .png). */
export async function lossCurvePictures(train: { step: number; loss: number }[], valid: { step: number; loss: number }[], title: string): Promise<Pictures> {
  if (train.length === 0) return {};
  return picture('loss-curve', lossCurveSpec({ train, ...(valid.length ? { validation: valid } : {}), title }));
}

/**
 * Attention heat-maps of translations, as the notebook's `showAttention`: source tokens (with
 * `</s>`) across, output tokens down (attention-1.svg / .png, ...).
 */
export async function attentionPictures(ts: Translation[]): Promise<Pictures> {
  const out: Pictures = {};
  for (const [i, t] of ts.entries()) {
    if (!t.attention || t.attention.length === 0) continue;
    Object.assign(out, await picture(`attention-${i + 1}`, attentionSpec({ source: t.sourceTokens, output: t.outputTokens, weights: t.attention, title: t.source })));
  }
  return out;
}

/** The confusion matrix of a classifier, rows normalised as in the PyTorch tutorial (confusion.svg / .png). */
export async function confusionPictures(labels: string[], matrix: number[][]): Promise<Pictures> {
  return picture('confusion', confusionSpec({ labels, matrix, normalize: false, title: 'true language (rows) vs guess (columns)' }));
}
