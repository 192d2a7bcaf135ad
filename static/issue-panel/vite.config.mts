import { customUiConfig } from '../common/vite-config.mts';

export default customUiConfig(import.meta.url);
