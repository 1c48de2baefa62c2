export { runStory, type StoryOptions } from './story.js';
export { startMailApi } from './mail-api.js';
