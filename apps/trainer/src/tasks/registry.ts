import type { TaskDefinition } from '../train/task.js';
import { classifyTask } from './classify.js';
import { generateNamesTask } from './generate-names.js';
import { lmTask } from './lm.js';
import { translateTask } from './translate.js';

/** Every task `seqlab train` knows, by bundle task name. */
export const TASKS: Record<string, TaskDefinition> = {
  [translateTask.name]: translateTask,
  [classifyTask.name]: classifyTask,
  [generateNamesTask.name]: generateNamesTask,
  [lmTask.name]: lmTask,
};
