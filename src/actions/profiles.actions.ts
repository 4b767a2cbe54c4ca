import { defineAction } from 'astro:actions';
import * as memberSkills from '#features/profiles/member-skills.service.ts';
import { addSkillInput, removeSkillInput, updateSkillInput } from '#features/profiles/member-skills.ts';
import * as profiles from '#features/profiles/profiles.service.ts';
import { profileFormInput, toProfileUpdate } from '#features/profiles/profiles.ts';
import { requireUser, runAction } from './run-action.ts';

export const profileActions = {
  /** The profile form at /settings/profile. */
  update: defineAction({
    accept: 'form',
    input: profileFormInput,
    handler: (input, context) =>
      runAction(context, () => profiles.updateProfile(requireUser(context).id, toProfileUpdate(input))),
  }),

  /** Adds (or updates) a skill by name or alias; used by the plain form and the skill editor island. */
  addSkill: defineAction({
    accept: 'form',
    input: addSkillInput,
    handler: (input, context) => runAction(context, () => memberSkills.addSkill(requireUser(context).id, input)),
  }),

  updateSkill: defineAction({
    accept: 'form',
    input: updateSkillInput,
    handler: (input, context) => runAction(context, () => memberSkills.updateSkill(requireUser(context).id, input)),
  }),

  removeSkill: defineAction({
    accept: 'form',
    input: removeSkillInput,
    handler: (input, context) =>
      runAction(context, () => memberSkills.removeSkill(requireUser(context).id, input.skillId)),
  }),
};
