import { mount } from '@common/mount';
import { App } from './App';
import './styles.css';

mount(<App />);
