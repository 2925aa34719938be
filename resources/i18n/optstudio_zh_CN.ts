<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
  <context>
    <name>AxisForm</name>
    <message>
      <location filename="../../optstudio/qt/landscape/sweeps/axis_form.py" line="54" />
      <source>Values on this axis (1 to {0})</source>
      <translation>此轴上的取值个数（1 到 {0}）</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/landscape/sweeps/axis_form.py" line="55" />
      <source>log</source>
      <translation>对数</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/landscape/sweeps/axis_form.py" line="59" />
      <source>From</source>
      <translation>从</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/landscape/sweeps/axis_form.py" line="60" />
      <source>To</source>
      <translation>到</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/landscape/sweeps/axis_form.py" line="94" />
      <source>this optimizer has no real-valued hyperparameter to sweep</source>
      <translation>该优化器没有可扫描的实数超参数</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/landscape/sweeps/axis_form.py" line="98" />
      <source>{0}: the range must be two numbers</source>
      <translation>{0}：范围必须是两个数</translation>
    </message>
  </context>
  <context>
    <name>BoundaryView</name>
    <message>
      <location filename="../../optstudio/qt/lab/boundary_view.py" line="40" />
      <source>Show test data</source>
      <translation>显示测试数据</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/boundary_view.py" line="42" />
      <source>The test points, ringed in a dark line</source>
      <translation>测试点，以深色描边</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/boundary_view.py" line="44" />
      <source>Discretize output</source>
      <translation>离散化输出</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/boundary_view.py" line="46" />
      <source>Each point coloured by the class the network gives it (or the sign of a fitted value), not by how sure it is</source>
      <translation>每个点按网络给出的类别（或拟合值的符号）着色，而非按其把握程度</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/boundary_view.py" line="157" />
      <source>The boundary appears once a run has a step.</source>
      <translation>某个运行走出第一步后，这里会显示决策边界。</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/boundary_view.py" line="166" />
      <source>probability of the blue class</source>
      <translation>属于蓝色类别的概率</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/boundary_view.py" line="168" />
      <source>fitted value</source>
      <translation>拟合值</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/boundary_view.py" line="171" />
      <source>{0}, discretized</source>
      <translation>{0}（离散化）</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/boundary_view.py" line="174" />
      <source>{0} at step {1}: {2}</source>
      <translation>{0}，第 {1} 步：{2}</translation>
    </message>
  </context>
  <context>
    <name>CodePanel</name>
    <message>
      <location filename="../../optstudio/qt/shared/code_panel.py" line="32" />
      <source>Copy</source>
      <translation>复制</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/code_panel.py" line="33" />
      <source>Save as .py…</source>
      <translation>另存为 .py…</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/code_panel.py" line="66" />
      <source>Copied to the clipboard.</source>
      <translation>已复制到剪贴板。</translation>
    </message>
  </context>
  <context>
    <name>CodeView</name>
    <message>
      <location filename="../../optstudio/qt/shared/code_view.py" line="25" />
      <source>Code</source>
      <translation>代码</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/code_view.py" line="30" />
      <source>Save the script</source>
      <translation>保存脚本</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/code_view.py" line="30" />
      <source>Python (*.py)</source>
      <translation>Python 文件 (*.py)</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/code_view.py" line="67" />
      <source>Select a run to see it as code.</source>
      <translation>选择一个运行，查看它的代码。</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/code_view.py" line="76" />
      <source>{0}: runs on its own; the comments marked Note say where this framework cannot follow the studio exactly.</source>
      <translation>{0}：可以独立运行；标有 Note 的注释说明了该框架在哪些地方无法与工作室完全一致。</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/code_view.py" line="81" />
      <source>{0}: runs on its own from this run's initial weights, data and batches, and retraces the run to 1e-7 (8 of 9 runs of 1,000 to 5,000 steps to their last step). Where training magnifies the last bit (a full-batch Adam on the spiral, from step 952) the framework's own rounding parts the two, as it parts two correct programs of the same training.</source>
      <translation>{0}：从这个运行的初始权重、数据和批次开始独立运行，并以 1e-7 的精度重现这个运行（9 个 1,000 到 5,000 步的运行中有 8 个直到最后一步）。当训练放大最后一位的差别时（例如螺旋数据上的全批量 Adam，从第 952 步起），框架自身的舍入会使两者分开，就像同一训练的两个正确程序也会分开一样。</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/code_view.py" line="88" />
      <source>{0}: runs on its own and retraces this run's path.</source>
      <translation>{0}：可以独立运行，并重现这个运行的路径。</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/code_view.py" line="110" />
      <source>Cannot save the script</source>
      <translation>无法保存脚本</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/code_view.py" line="112" />
      <source>Saved {0}</source>
      <translation>已保存 {0}</translation>
    </message>
  </context>
  <context>
    <name>Controls</name>
    <message>
      <location filename="../../optstudio/qt/shared/controls.py" line="27" />
      <source>max</source>
      <translation>最快</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/controls.py" line="43" />
      <source>Controls</source>
      <translation>控制</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/controls.py" line="44" />
      <location filename="../../optstudio/qt/shared/controls.py" line="107" />
      <location filename="../../optstudio/qt/shared/controls.py" line="118" />
      <source>Play</source>
      <translation>播放</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/controls.py" line="46" />
      <source>Play or pause (Space)</source>
      <translation>播放或暂停（空格）</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/controls.py" line="48" />
      <source>Step</source>
      <translation>单步</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/controls.py" line="49" />
      <source>One step (Right or N)</source>
      <translation>走一步（→ 或 N）</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/controls.py" line="51" />
      <source>Reset</source>
      <translation>重置</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/controls.py" line="52" />
      <source>Back to the start point (R)</source>
      <translation>回到起点（R）</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/controls.py" line="54" />
      <source>Slower</source>
      <translation>减速</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/controls.py" line="55" />
      <source>Slower (-)</source>
      <translation>减速（-）</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/controls.py" line="57" />
      <source>Faster</source>
      <translation>加速</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/controls.py" line="58" />
      <source>Faster (+)</source>
      <translation>加速（+）</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/controls.py" line="69" />
      <source>Steps per second, from 1 to as fast as the engine goes (- and +)</source>
      <translation>每秒步数：从 1 到引擎的最快速度（- 和 +）</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/controls.py" line="78" />
      <source> Max steps </source>
      <translation> 最大步数 </translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/controls.py" line="86" />
      <source>Restart on change</source>
      <translation>修改后重新开始</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/controls.py" line="89" />
      <source>Changing a hyperparameter restarts the run instead of continuing with the optimizer state kept</source>
      <translation>修改超参数时重新开始运行，而不是保留优化器状态继续</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/controls.py" line="95" />
      <source>Lockstep</source>
      <translation>同步步进</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/controls.py" line="99" />
      <source>Every run at the same step, so the race is fair; off: free running, each run as fast as it can</source>
      <translation>所有运行处于同一步，比较才公平；关闭时自由运行，每个运行尽可能快</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/controls.py" line="107" />
      <location filename="../../optstudio/qt/shared/controls.py" line="118" />
      <source>Pause</source>
      <translation>暂停</translation>
    </message>
  </context>
  <context>
    <name>CurvesView</name>
    <message>
      <location filename="../../optstudio/qt/landscape/curves.py" line="41" />
      <source>‖∇f‖</source>
      <translation>‖∇f‖</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/landscape/curves.py" line="42" />
      <source>learning rate</source>
      <translation>学习率</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/landscape/curves.py" line="43" />
      <source>step</source>
      <translation>步</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/landscape/curves.py" line="89" />
      <source>loss − min (log)</source>
      <translation>损失 − 最小值（对数）</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/landscape/curves.py" line="90" />
      <source>The loss's gap to its known minimum, on a log scale.</source>
      <translation>损失与其已知最小值之差，对数坐标。</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/landscape/curves.py" line="93" />
      <source>loss (log)</source>
      <translation>损失（对数）</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/landscape/curves.py" line="94" />
      <source>No minimum of this loss is known: the loss itself, on a log scale.</source>
      <translation>该损失的最小值未知：显示损失本身，对数坐标。</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/landscape/curves.py" line="97" />
      <source>loss (signed log)</source>
      <translation>损失（带符号对数）</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/landscape/curves.py" line="99" />
      <source>No minimum of this loss is known and it goes below zero: the loss itself, on a symmetric log scale (linear near zero, logarithmic beyond ±1).</source>
      <translation>该损失的最小值未知且会低于零：显示损失本身，使用对称对数坐标（零附近为线性，±1 之外为对数）。</translation>
    </message>
  </context>
  <context>
    <name>DataView</name>
    <message>
      <location filename="../../optstudio/qt/landscape/data_view.py" line="61" />
      <source>Data and fitted lines</source>
      <translation>数据与拟合直线</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/landscape/data_view.py" line="67" />
      <source>Two classes and decision boundaries</source>
      <translation>两个类别与决策边界</translation>
    </message>
  </context>
  <context>
    <name>DigitsView</name>
    <message>
      <location filename="../../optstudio/qt/lab/digits_view.py" line="83" />
      <source>true class</source>
      <translation>真实类别</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/digits_view.py" line="84" />
      <source>predicted class</source>
      <translation>预测类别</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/digits_view.py" line="151" />
      <source>The predictions appear once a run has a step.</source>
      <translation>某个运行走出第一步后，这里会显示预测。</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/digits_view.py" line="140" />
      <source>{0} at step {1}: {2} of {3} test rows right</source>
      <translation>{0}，第 {1} 步：{3} 个测试样本中对了 {2} 个</translation>
    </message>
  </context>
  <context>
    <name>DrawTool</name>
    <message>
      <location filename="../../optstudio/qt/lab/draw_tool.py" line="65" />
      <source>Draw:</source>
      <translation>绘制：</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/draw_tool.py" line="71" />
      <source>● Orange</source>
      <translation>● 橙色</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/draw_tool.py" line="72" />
      <source>Click or drag on the plane: points of class 0</source>
      <translation>在平面上点击或拖动：添加类别 0 的点</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/draw_tool.py" line="74" />
      <source>● Blue</source>
      <translation>● 蓝色</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/draw_tool.py" line="74" />
      <source>Click or drag on the plane: points of class 1</source>
      <translation>在平面上点击或拖动：添加类别 1 的点</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/draw_tool.py" line="75" />
      <source>Erase</source>
      <translation>擦除</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/draw_tool.py" line="75" />
      <source>Click or drag over points to take them away</source>
      <translation>在点上点击或拖动以删除它们</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/draw_tool.py" line="89" />
      <source>Clear</source>
      <translation>清除</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/draw_tool.py" line="90" />
      <source>Take every point away</source>
      <translation>删除所有点</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/draw_tool.py" line="167" />
      <source>At most {0:,} points</source>
      <translation>最多 {0:,} 个点</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/draw_tool.py" line="204" />
      <source>{0} points: {1} orange, {2} blue</source>
      <translation>{0} 个点：{1} 个橙色，{2} 个蓝色</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/draw_tool.py" line="207" />
      <source>not trained on yet: {0}</source>
      <translation>尚未用于训练：{0}</translation>
    </message>
  </context>
  <context>
    <name>EngineWorker</name>
    <message>
      <location filename="../../optstudio/qt/shared/engine_worker.py" line="160" />
      <source>Compiling {0} (once; later starts load it from the cache)…</source>
      <translation>正在编译 {0}（仅一次；之后从缓存加载）…</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/engine_worker.py" line="169" />
      <source>Replaying the session's runs: {0}% of {1} steps (Reset stops it)…</source>
      <translation>正在重放会话中的运行：{1} 步中的 {0}%（重置可停止）…</translation>
    </message>
  </context>
  <context>
    <name>ExportActions</name>
    <message>
      <location filename="../../optstudio/qt/export/export_actions.py" line="95" />
      <source>Export &amp;figure…</source>
      <translation>导出图像(&amp;F)…</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/export/export_actions.py" line="98" />
      <source>&amp;Copy figure</source>
      <translation>复制图像(&amp;C)</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/export/export_actions.py" line="101" />
      <source>Export &amp;animation…</source>
      <translation>导出动画(&amp;A)…</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/export/export_actions.py" line="103" />
      <source>Export all &amp;runs…</source>
      <translation>导出全部运行(&amp;R)…</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/export/export_actions.py" line="105" />
      <source>Export the selected run…</source>
      <translation>导出所选运行…</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/export/export_actions.py" line="141" />
      <source>Cannot export the figure</source>
      <translation>无法导出图像</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/export/export_actions.py" line="143" />
      <location filename="../../optstudio/qt/export/export_actions.py" line="185" />
      <source>Exported {0}</source>
      <translation>已导出 {0}</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/export/export_actions.py" line="149" />
      <source>Figure copied to the clipboard</source>
      <translation>图像已复制到剪贴板</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/export/export_actions.py" line="158" />
      <source>Export figure</source>
      <translation>导出图像</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/export/export_actions.py" line="178" />
      <source>Cannot export the animation</source>
      <translation>无法导出动画</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/export/export_actions.py" line="183" />
      <source>Animation cancelled</source>
      <translation>动画已取消</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/export/export_actions.py" line="190" />
      <source>Export animation</source>
      <translation>导出动画</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/export/export_actions.py" line="194" />
      <source>Drawing frames…</source>
      <translation>正在绘制帧…</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/export/export_actions.py" line="194" />
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/export/export_actions.py" line="228" />
      <source>No run is selected</source>
      <translation>没有选中的运行</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/export/export_actions.py" line="233" />
      <source>Export runs</source>
      <translation>导出运行</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/export/export_actions.py" line="260" />
      <source>Cannot export the runs</source>
      <translation>无法导出运行</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/export/export_actions.py" line="263" />
      <source>Wrote {0} file(s)</source>
      <translation>已写入 {0} 个文件</translation>
    </message>
  </context>
  <context>
    <name>FairRace</name>
    <message>
      <location filename="../../optstudio/qt/landscape/sweeps/fair_race.py" line="55" />
      <source>Fair race</source>
      <translation>公平比赛</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/landscape/sweeps/fair_race.py" line="58" />
      <source>also tune each one's momentum</source>
      <translation>同时调节各自的动量参数</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/landscape/sweeps/fair_race.py" line="61" />
      <source>Each optimizer's momentum-like setting, tried with every learning rate:
β₁ (the Adam family, Lion), momentum (SGD),
β (heavy ball, Nesterov), α (RMSprop), ρ (Adadelta)</source>
      <translation>各优化器类似动量的参数，与每个学习率组合尝试：
β₁（Adam 系列、Lion）、momentum（SGD）、
β（重球法、Nesterov）、α（RMSprop）、ρ（Adadelta）</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/landscape/sweeps/fair_race.py" line="66" />
      <source>Tune every run, then race them</source>
      <translation>先调好每个运行，再让它们比赛</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/landscape/sweeps/fair_race.py" line="113" />
      <source>Tuning {0} runs: {1:,} runs in all…</source>
      <translation>正在调节 {0} 个运行：共 {1:,} 次运行…</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/landscape/sweeps/fair_race.py" line="127" />
      <source>Fair race cancelled: nothing was changed.</source>
      <translation>公平比赛已取消：没有任何改动。</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/landscape/sweeps/fair_race.py" line="134" />
      <source>every setting diverged</source>
      <translation>所有设置都发散了</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/landscape/sweeps/fair_race.py" line="150" />
      <source>run</source>
      <translation>运行</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/landscape/sweeps/fair_race.py" line="151" />
      <source>tuned</source>
      <translation>调得的值</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/landscape/sweeps/fair_race.py" line="152" />
      <source>final loss</source>
      <translation>最终损失</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/landscape/sweeps/fair_race.py" line="153" />
      <source>steps</source>
      <translation>步数</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/landscape/sweeps/fair_race.py" line="154" />
      <source>status</source>
      <translation>状态</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/landscape/sweeps/fair_race.py" line="159" />
      <source>Each run now has its best setting ({0}); they race on the map.</source>
      <translation>每个运行现在都用上了自己的最佳设置（{0}）；它们在地形图上比赛。</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/landscape/sweeps/fair_race.py" line="160" />
      <source>fewest steps to the tolerance</source>
      <translation>达到容差所需步数最少</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/landscape/sweeps/fair_race.py" line="162" />
      <source>lowest final loss</source>
      <translation>最终损失最低</translation>
    </message>
  </context>
  <context>
    <name>FigureOptions</name>
    <message>
      <location filename="../../optstudio/qt/export/export_actions.py" line="41" />
      <source>Export figure</source>
      <translation>导出图像</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/export/export_actions.py" line="46" />
      <source>Map with paths</source>
      <translation>带路径的地形图</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/export/export_actions.py" line="46" />
      <source>Curves</source>
      <translation>曲线</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/export/export_actions.py" line="46" />
      <source>Map and curves side by side</source>
      <translation>地形图与曲线并排</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/export/export_actions.py" line="53" />
      <source>Transparent background</source>
      <translation>透明背景</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/export/export_actions.py" line="54" />
      <source>Figure</source>
      <translation>图像</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/export/export_actions.py" line="55" />
      <source>Scale (PNG)</source>
      <translation>缩放（PNG）</translation>
    </message>
  </context>
  <context>
    <name>Gallery</name>
    <message>
      <location filename="../../optstudio/qt/lecture/gallery.py" line="39" />
      <source>Scenario gallery</source>
      <translation>场景库</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lecture/gallery.py" line="44" />
      <source>&lt;h2&gt;Welcome to optstudio&lt;/h2&gt;Pick a scenario to see it run: double-click, or select it and press Open. Space pauses, Right steps, F11 presents.</source>
      <translation>&lt;h2&gt;欢迎使用 optstudio&lt;/h2&gt;选择一个场景观看运行：双击，或选中后点击“打开”。空格暂停，→ 单步，F11 进入演示模式。</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lecture/gallery.py" line="71" />
      <source>Show this gallery when optstudio starts</source>
      <translation>启动 optstudio 时显示场景库</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lecture/gallery.py" line="78" />
      <source>Open</source>
      <translation>打开</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lecture/gallery.py" line="81" />
      <source>Start with the current studio</source>
      <translation>从当前工作区开始</translation>
    </message>
  </context>
  <context>
    <name>HeatMap</name>
    <message>
      <location filename="../../optstudio/qt/landscape/sweeps/heatmap.py" line="72" />
      <source>Choose what to sweep below and press Run sweep.</source>
      <translation>在下方选择要扫描的超参数，然后点击“运行扫描”。</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/landscape/sweeps/heatmap.py" line="108" />
      <source>log₁₀(final loss − min)</source>
      <translation>log₁₀(最终损失 − 最小值)</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/landscape/sweeps/heatmap.py" line="109" />
      <source>steps to converge</source>
      <translation>收敛所需步数</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/landscape/sweeps/heatmap.py" line="110" />
      <source>diverged</source>
      <translation>发散</translation>
    </message>
  </context>
  <context>
    <name>HyperForm</name>
    <message>
      <location filename="../../optstudio/qt/shared/hyper_form.py" line="189" />
      <source>Reset to defaults</source>
      <translation>恢复默认值</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/hyper_form.py" line="203" />
      <source>Find…</source>
      <translation>查找…</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/hyper_form.py" line="205" />
      <source>The learning-rate range test: train while the lr grows from 1e-7 to 10, and see where the loss falls fastest</source>
      <translation>学习率范围测试：在学习率从 1e-7 增长到 10 的过程中训练，看损失在哪里下降最快</translation>
    </message>
  </context>
  <context>
    <name>LabTimeline</name>
    <message>
      <location filename="../../optstudio/qt/lab/lab_timeline.py" line="26" />
      <source>Back to the previous recorded step (Left)</source>
      <translation>回到上一个记录的步（左方向键）</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/lab_timeline.py" line="27" />
      <source>On to the next recorded step (Right)</source>
      <translation>前进到下一个记录的步（右方向键）</translation>
    </message>
  </context>
  <context>
    <name>LabWindow</name>
    <message>
      <location filename="../../optstudio/qt/lab/lab_window.py" line="68" />
      <source>optstudio</source>
      <translation>optstudio</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/lab_window.py" line="79" />
      <source>Model</source>
      <translation>模型</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/lab_window.py" line="80" />
      <source>Runs</source>
      <translation>运行</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/lab_window.py" line="134" />
      <source>This data set's inputs are not points in a plane, so there is no boundary to draw: the curves and the table show how the runs do.</source>
      <translation>这个数据集的输入不是平面上的点，因此无法画出边界：请看曲线和表格中各运行的表现。</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/lab_window.py" line="148" />
      <source>What the network says</source>
      <translation>网络的判断</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/lab_window.py" line="149" />
      <source>Loss landscape</source>
      <translation>损失地形</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/lab_window.py" line="150" />
      <source>3-D landscape</source>
      <translation>三维地形</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/lab_window.py" line="151" />
      <source>Network</source>
      <translation>网络</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/lab_window.py" line="254" />
      <source>Reading {0}{1}…</source>
      <translation>正在读取 {0}{1}…</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/kernel_warm_up.py" line="58" />
      <source>Kernels ready ({0} s)</source>
      <translation>内核已就绪（{0} 秒）</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/lab_window.py" line="322" />
      <source>Cannot use these settings</source>
      <translation>无法使用这些设置</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/kernel_warm_up.py" line="43" />
      <source> (%s s last time)</source>
      <translation>（上次用时 %s 秒）</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/kernel_warm_up.py" line="46" />
      <source>Preparing the kernels that draw boundaries and planes{0}…</source>
      <translation>正在准备绘制决策边界和平面的内核{0}…</translation>
    </message>
  </context>
  <context>
    <name>LandscapeWindow</name>
    <message>
      <location filename="../../optstudio/qt/landscape/landscape_window.py" line="72" />
      <source>optstudio</source>
      <translation>optstudio</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/landscape/landscape_window.py" line="91" />
      <source>Map</source>
      <translation>地形图</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/landscape/landscape_window.py" line="92" />
      <source>3-D surface</source>
      <translation>三维曲面</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/landscape/landscape_window.py" line="94" />
      <source>Sweeps and basins</source>
      <translation>扫描与吸引域</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/landscape/landscape_window.py" line="106" />
      <source>Loss</source>
      <translation>损失函数</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/landscape/landscape_window.py" line="107" />
      <source>Runs</source>
      <translation>运行</translation>
    </message>
  </context>
  <context>
    <name>LossPanel</name>
    <message>
      <location filename="../../optstudio/qt/landscape/loss_panel.py" line="74" />
      <source>Custom formula…</source>
      <translation>自定义公式…</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/landscape/loss_panel.py" line="81" />
      <source>f(x, y) with + - * / ** ^, numbers, pi, e, functions such as sin, exp, log, sqrt, abs, min, max; parameters declared after a semicolon: '; a=100, b=2'</source>
      <translation>f(x, y)，可用 + - * / ** ^、数字、pi、e，以及 sin、exp、log、sqrt、abs、min、max 等函数；参数写在分号之后：'; a=100, b=2'</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/landscape/loss_panel.py" line="119" />
      <source>Parameters</source>
      <translation>参数</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/landscape/loss_panel.py" line="126" />
      <source>Start point (or click the map)</source>
      <translation>起点（或点击地形图）</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/landscape/loss_panel.py" line="134" />
      <source>Default</source>
      <translation>默认</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/landscape/loss_panel.py" line="135" />
      <source>Start from the loss's default start point</source>
      <translation>从损失函数的默认起点开始</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/landscape/loss_panel.py" line="173" />
      <source>Checking the formula…</source>
      <translation>正在检查公式…</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/landscape/loss_panel.py" line="196" />
      <source>Working out the derivatives…</source>
      <translation>正在求导…</translation>
    </message>
  </context>
  <context>
    <name>LrFinder</name>
    <message>
      <location filename="../../optstudio/qt/lab/lr_finder.py" line="155" />
      <source>{0}: lr set to {1:g}</source>
      <translation>{0}：学习率已设为 {1:g}</translation>
    </message>
  </context>
  <context>
    <name>MapView</name>
    <message>
      <location filename="../../optstudio/qt/landscape/map_view.py" line="209" />
      <source>Computing the landscape…</source>
      <translation>正在计算损失地形…</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/landscape/map_view.py" line="239" />
      <source>log₁₀(f − min)</source>
      <translation>log₁₀(f − 最小值)</translation>
    </message>
  </context>
  <context>
    <name>ModelCurvesView</name>
    <message>
      <location filename="../../optstudio/qt/lab/model_curves.py" line="78" />
      <location filename="../../optstudio/qt/lab/model_curves.py" line="229" />
      <source>loss (— train, - - test)</source>
      <translation>损失（实线：训练，虚线：测试）</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/model_curves.py" line="81" />
      <source>test accuracy</source>
      <translation>测试准确率</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/model_curves.py" line="82" />
      <location filename="../../optstudio/qt/lab/model_curves.py" line="118" />
      <location filename="../../optstudio/qt/lab/model_curves.py" line="146" />
      <source>step</source>
      <translation>步数</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/model_curves.py" line="118" />
      <location filename="../../optstudio/qt/lab/model_curves.py" line="146" />
      <source>epoch</source>
      <translation>轮次</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/model_curves.py" line="122" />
      <source>Epochs along the x axis</source>
      <translation>横轴显示轮次</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/model_curves.py" line="124" />
      <source>An epoch is a pass over the training set: steps x batch / training rows</source>
      <translation>一轮即遍历一次训练集：步数 × 批大小 / 训练行数</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/model_curves.py" line="227" />
      <source>loss (— train, - - test, faint: batch)</source>
      <translation>损失（— 训练，- - 测试，浅色：批次）</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/model_curves.py" line="234" />
      <source>loss</source>
      <translation>损失</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/model_curves.py" line="245" />
      <source>Solid: the loss over the whole training set; dashed: over the test set, both at the steps where a row was recorded. Faint: the loss of the mini-batch each step was taken on, at every step.</source>
      <translation>实线：整个训练集上的损失；虚线：测试集上的损失，两者都在记录行的步上。浅色：每一步所用小批量的损失，逐步显示。</translation>
    </message>
  </context>
  <context>
    <name>ModelExports</name>
    <message>
      <location filename="../../optstudio/qt/lab/model_exports.py" line="20" />
      <source>Export the data set as CSV…</source>
      <translation>将数据集导出为 CSV…</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/model_exports.py" line="21" />
      <source>The points and their classes (a drawn set included), as a table the lab opens again with CSV file…</source>
      <translation>各点及其类别（包括手绘数据集），导出为实验室可通过“CSV 文件…”再次打开的表格</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/model_exports.py" line="36" />
      <source>There is no data set to export</source>
      <translation>没有可导出的数据集</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/model_exports.py" line="41" />
      <source>Cannot export the data set</source>
      <translation>无法导出数据集</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/model_exports.py" line="45" />
      <source>Wrote {0} rows to {1}</source>
      <translation>已将 {0} 行写入 {1}</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/model_exports.py" line="50" />
      <source>Export the data set</source>
      <translation>导出数据集</translation>
    </message>
  </context>
  <context>
    <name>ModelPanel</name>
    <message>
      <location filename="../../optstudio/qt/lab/model_panel.py" line="70" />
      <source>Open a CSV table</source>
      <translation>打开 CSV 表格</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/model_panel.py" line="70" />
      <source>CSV tables (*.csv *.txt)</source>
      <translation>CSV 表格 (*.csv *.txt)</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/model_panel.py" line="83" />
      <source>Data</source>
      <translation>数据</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/model_panel.py" line="87" />
      <source>Circle</source>
      <translation>圆形</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/model_panel.py" line="88" />
      <source>Exclusive or</source>
      <translation>异或</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/model_panel.py" line="89" />
      <source>Two Gaussians</source>
      <translation>两团高斯分布</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/model_panel.py" line="90" />
      <source>Spiral</source>
      <translation>螺旋</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/model_panel.py" line="91" />
      <source>Plane (regression)</source>
      <translation>平面（回归）</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/model_panel.py" line="92" />
      <source>Gaussian bumps (regression)</source>
      <translation>高斯凸起（回归）</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/model_panel.py" line="93" />
      <source>A boundary you type</source>
      <translation>自己输入的边界</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/model_panel.py" line="94" />
      <source>Drawn by hand</source>
      <translation>手绘</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/model_panel.py" line="95" />
      <source>Digits (8×8 images)</source>
      <translation>手写数字（8×8 图像）</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/model_panel.py" line="99" />
      <source>CSV file…</source>
      <translation>CSV 文件…</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/model_panel.py" line="101" />
      <source>data set</source>
      <translation>数据集</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/model_panel.py" line="119" />
      <source>points</source>
      <translation>点数</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/model_panel.py" line="122" />
      <source>Noise, as the Playground's slider shows it (0 to 50)</source>
      <translation>噪声，与 Playground 的滑块相同（0 到 50）</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/model_panel.py" line="123" />
      <source>noise</source>
      <translation>噪声</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/model_panel.py" line="125" />
      <source>Blue where this holds, orange elsewhere: a formula in x and y (x₁ and x₂) over [-6, 6]², e.g. y &gt; sin(2*x) or x^2 + y^2 &lt; 9</source>
      <translation>条件成立处为蓝色，其余为橙色：在 [-6, 6]² 上关于 x 和 y（x₁ 与 x₂）的公式，例如 y &gt; sin(2*x) 或 x^2 + y^2 &lt; 9</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/model_panel.py" line="129" />
      <source>boundary</source>
      <translation>边界</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/model_panel.py" line="133" />
      <source>The share of the rows kept for testing</source>
      <translation>留作测试的样本比例</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/model_panel.py" line="134" />
      <source>test rows</source>
      <translation>测试样本</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/model_panel.py" line="136" />
      <source>Draws the points and splits them into train and test</source>
      <translation>决定生成哪些点，以及如何分成训练集和测试集</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/model_panel.py" line="137" />
      <source>data seed</source>
      <translation>数据种子</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/model_panel.py" line="141" />
      <source>Input features</source>
      <translation>输入特征</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/model_panel.py" line="152" />
      <source>Network</source>
      <translation>网络</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/model_panel.py" line="161" />
      <source>Remove the last hidden layer</source>
      <translation>删除最后一个隐藏层</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/model_panel.py" line="165" />
      <source>Add a hidden layer</source>
      <translation>添加一个隐藏层</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/model_panel.py" line="171" />
      <source>hidden layers</source>
      <translation>隐藏层</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/model_panel.py" line="175" />
      <source>The activation of every hidden layer</source>
      <translation>所有隐藏层的激活函数</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/model_panel.py" line="178" />
      <source>per layer</source>
      <translation>逐层</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/model_panel.py" line="180" />
      <source>activation</source>
      <translation>激活函数</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/model_panel.py" line="185" />
      <source>each layer</source>
      <translation>各层</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/model_panel.py" line="188" />
      <source>none</source>
      <translation>无</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/model_panel.py" line="194" />
      <source>A penalty on the weights added to every run's loss, as the Playground's. A run's own weight decay (Adam, AdamW, SGD) is in its settings.</source>
      <translation>加在每个运行的损失上的权重惩罚，与 Playground 相同。某个运行自己的权重衰减（Adam、AdamW、SGD）在它的设置中。</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/model_panel.py" line="206" />
      <source>regularisation</source>
      <translation>正则化</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/model_panel.py" line="209" />
      <source>The initial weights and the batches' order, the same for every run</source>
      <translation>初始权重和批次顺序，所有运行都相同</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/model_panel.py" line="211" />
      <source>initial seed</source>
      <translation>初始化种子</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/model_panel.py" line="261" />
      <source>Units in this hidden layer</source>
      <translation>这一隐藏层的单元数</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/model_panel.py" line="284" />
      <source>{0} (CSV)</source>
      <translation>{0}（CSV）</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/model_panel.py" line="293" />
      <source>two classes</source>
      <translation>两个类别</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/model_panel.py" line="294" />
      <source>{0} classes</source>
      <translation>{0} 个类别</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/model_panel.py" line="295" />
      <source>regression</source>
      <translation>回归</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/model_panel.py" line="298" />
      <source>{0} training and {1} test rows, {2} features, {3}</source>
      <translation>{0} 个训练样本，{1} 个测试样本，{2} 个特征，{3}</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/model_panel.py" line="349" />
      <source>The activation of hidden layer {0}</source>
      <translation>第 {0} 个隐藏层的激活函数</translation>
    </message>
  </context>
  <context>
    <name>ModelTable</name>
    <message>
      <location filename="../../optstudio/qt/lab/model_table.py" line="43" />
      <source>Run</source>
      <translation>运行</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/model_table.py" line="44" />
      <source>Step</source>
      <translation>步数</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/model_table.py" line="45" />
      <source>Epoch</source>
      <translation>轮次</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/model_table.py" line="46" />
      <source>Train
loss</source>
      <translation>训练损失</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/model_table.py" line="47" />
      <source>Test
loss</source>
      <translation>测试损失</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/model_table.py" line="48" />
      <source>Test
accuracy</source>
      <translation>测试准确率</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/model_table.py" line="49" />
      <source>Status</source>
      <translation>状态</translation>
    </message>
  </context>
  <context>
    <name>NetworkView</name>
    <message>
      <location filename="../../optstudio/qt/lab/network_view.py" line="126" />
      <source>The network appears once a run has a step.</source>
      <translation>运行迈出第一步后显示网络。</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/network_view.py" line="138" />
      <source>{0} at step {1}: {2}</source>
      <translation>{0}，第 {1} 步：{2}</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/network_view.py" line="157" />
      <source>inputs</source>
      <translation>输入</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/network_view.py" line="159" />
      <source>layer {0}</source>
      <translation>第 {0} 层</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/network_view.py" line="162" />
      <source>output</source>
      <translation>输出</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/network_view.py" line="166" />
      <source>layer 1: what each unit looks for (its weights)</source>
      <translation>第 1 层：每个单元在寻找什么（其权重）</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/network_view.py" line="311" />
      <source>pixel column</source>
      <translation>像素列</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/network_view.py" line="312" />
      <source>pixel row</source>
      <translation>像素行</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/network_view.py" line="323" />
      <source>input {0}</source>
      <translation>输入 {0}</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/network_view.py" line="326" />
      <source>output: probability of the blue class</source>
      <translation>输出：蓝色类别的概率</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/network_view.py" line="328" />
      <source>output: fitted value, ±{0:.3g}</source>
      <translation>输出：拟合值，±{0:.3g}</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/network_view.py" line="329" />
      <source>output {0}, ±{1:.3g}</source>
      <translation>输出 {0}，±{1:.3g}</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/network_view.py" line="332" />
      <source>layer 1, unit {0}: its weights, ±{1:.3g}</source>
      <translation>第 1 层，单元 {0}：其权重，±{1:.3g}</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/network_view.py" line="333" />
      <source>layer {0}, unit {1} ({2}), ±{3:.3g}</source>
      <translation>第 {0} 层，单元 {1}（{2}），±{3:.3g}</translation>
    </message>
  </context>
  <context>
    <name>NumberField</name>
    <message>
      <location filename="../../optstudio/qt/shared/hyper_form.py" line="71" />
      <source>on or off</source>
      <translation>开或关</translation>
    </message>
  </context>
  <context>
    <name>OpenGLHost</name>
    <message>
      <location filename="../../optstudio/qt/shared/surface_view.py" line="158" />
      <source>height</source>
      <translation>高度</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/surface_view.py" line="161" />
      <source>height: {0}, {1} to {2}</source>
      <translation>高度：{0}，从 {1} 到 {2}</translation>
    </message>
  </context>
  <context>
    <name>PlaneSurfaceView</name>
    <message>
      <location filename="../../optstudio/qt/lab/plane_view.py" line="160" />
      <source>The 3-D plane appears once the plane is computed.</source>
      <translation>平面计算完成后，这里会显示三维曲面。</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/plane_view.py" line="166" />
      <source>The 3-D view is not available here: {0}.</source>
      <translation>此处无法使用三维视图：{0}。</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/plane_view.py" line="220" />
      <source>loss (log scale)</source>
      <translation>损失（对数刻度）</translation>
    </message>
  </context>
  <context>
    <name>PlaneView</name>
    <message>
      <location filename="../../optstudio/qt/lab/plane_view.py" line="48" />
      <source>Principal components of the paths</source>
      <translation>路径的主成分</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/plane_view.py" line="49" />
      <source>Random directions (filter-normalised)</source>
      <translation>随机方向（按滤波器归一化）</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/plane_view.py" line="51" />
      <source>plane</source>
      <translation>平面</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/plane_view.py" line="60" />
      <source>direction 1</source>
      <translation>方向 1</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/plane_view.py" line="61" />
      <source>direction 2</source>
      <translation>方向 2</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/plane_view.py" line="66" />
      <source>log₁₀ training loss</source>
      <translation>log₁₀ 训练损失</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/plane_view.py" line="84" />
      <source>The plane is computed once the runs have taken steps.</source>
      <translation>各运行走出若干步后会计算这个平面。</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/plane_view.py" line="127" />
      <source>The plane explains {0:.1%} of the paths' variance (principal components of the paths centred on their mean, as Li et al.).</source>
      <translation>该平面解释了路径方差的 {0:.1%}（路径减去均值后的主成分，与 Li 等人的做法相同）。</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/plane_view.py" line="132" />
      <source>Two random directions through the first run's end.</source>
      <translation>经过第一个运行终点的两个随机方向。</translation>
    </message>
  </context>
  <context>
    <name>RangeTestDialog</name>
    <message>
      <location filename="../../optstudio/qt/lab/lr_finder.py" line="29" />
      <source>Learning-rate range test: {0}</source>
      <translation>学习率范围测试：{0}</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/lr_finder.py" line="32" />
      <source>Training while the lr grows from 1e-7 to 10…</source>
      <translation>正在学习率从 1e-7 增长到 10 的过程中训练…</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/lr_finder.py" line="37" />
      <source>learning rate</source>
      <translation>学习率</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/lr_finder.py" line="38" />
      <source>mini-batch loss</source>
      <translation>小批量损失</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/lr_finder.py" line="46" />
      <source>each step</source>
      <translation>每一步</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/lr_finder.py" line="49" />
      <source>smoothed (as fastai)</source>
      <translation>平滑后（同 fastai）</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/lr_finder.py" line="60" />
      <source>Close</source>
      <translation>关闭</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/lr_finder.py" line="64" />
      <source>Use the steepest fall</source>
      <translation>使用下降最陡处</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/lr_finder.py" line="65" />
      <source>Use the minimum ÷ 10</source>
      <translation>使用最小值 ÷ 10</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/lr_finder.py" line="77" />
      <source>steepest</source>
      <translation>最陡</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/lr_finder.py" line="78" />
      <source>minimum ÷ 10</source>
      <translation>最小值 ÷ 10</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/lr_finder.py" line="95" />
      <source>stopped where the smoothed loss passed four times its lowest</source>
      <translation>在平滑损失超过其最低值四倍处停止</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/lr_finder.py" line="97" />
      <source>reached lr {0:.3g}</source>
      <translation>到达学习率 {0:.3g}</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/lr_finder.py" line="101" />
      <source>{0} steps, {1}. The smoothed loss falls fastest at lr {2:.3g}; its lowest is at lr {3:.3g}, a tenth of which is {4:.3g}.</source>
      <translation>{0} 步，{1}。平滑损失在学习率 {2:.3g} 处下降最快；其最低点在学习率 {3:.3g}，其十分之一为 {4:.3g}。</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/lr_finder.py" line="107" />
      <location filename="../../optstudio/qt/lab/lr_finder.py" line="108" />
      <source>Use lr = {0:.3g}</source>
      <translation>使用 lr = {0:.3g}</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/lr_finder.py" line="113" />
      <source>The range test could not run: {0}</source>
      <translation>范围测试无法运行：{0}</translation>
    </message>
  </context>
  <context>
    <name>ResultsTable</name>
    <message>
      <location filename="../../optstudio/qt/shared/results_table.py" line="44" />
      <source>diverged</source>
      <translation>发散</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/results_table.py" line="66" />
      <source>Run</source>
      <translation>运行</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/results_table.py" line="67" />
      <source>Step</source>
      <translation>单步</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/results_table.py" line="68" />
      <source>Loss</source>
      <translation>损失函数</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/results_table.py" line="69" />
      <source>‖∇f‖</source>
      <translation>‖∇f‖</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/results_table.py" line="70" />
      <source>lr</source>
      <translation>学习率</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/results_table.py" line="71" />
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/results_table.py" line="72" />
      <source>Converged
at</source>
      <translation>收敛
于</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/results_table.py" line="128" />
      <source>sorted by {0} {1}</source>
      <translation>按{0}排序 {1}</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/results_table.py" line="76" />
      <source>First step with a gradient norm below {0:g}</source>
      <translation>梯度范数首次低于 {0:g} 的步数</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/results_table.py" line="35" />
      <source>in progress</source>
      <translation>进行中</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/results_table.py" line="37" />
      <source>running</source>
      <translation>运行中</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/results_table.py" line="39" />
      <source>paused</source>
      <translation>已暂停</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/results_table.py" line="42" />
      <source>step limit</source>
      <translation>达到步数上限</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/results_table.py" line="46" />
      <source>error: {0}</source>
      <translation>错误：{0}</translation>
    </message>
  </context>
  <context>
    <name>RunsPanel</name>
    <message>
      <location filename="../../optstudio/qt/shared/runs_panel.py" line="95" />
      <source>Add</source>
      <translation>添加</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/runs_panel.py" line="105" />
      <source>Duplicate</source>
      <translation>复制</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/runs_panel.py" line="109" />
      <source>Remove</source>
      <translation>删除</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/runs_panel.py" line="157" />
      <source>constant (e.g. cosine:T_max=500)</source>
      <translation>常数（例如 cosine:T_max=500）</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/runs_panel.py" line="159" />
      <source>Learning-rate schedule: NAME[:ARG=VALUE,...] with torch.optim.lr_scheduler's argument names</source>
      <translation>学习率调度：名称[:参数=值,...]，参数名与 torch.optim.lr_scheduler 相同</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/runs_panel.py" line="164" />
      <source>schedule</source>
      <translation>调度</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/runs_panel.py" line="166" />
      <source>Full batch</source>
      <translation>全批量</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/runs_panel.py" line="167" />
      <source>Mini-batch</source>
      <translation>小批量</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/runs_panel.py" line="168" />
      <source>Stochastic (1)</source>
      <translation>随机（1）</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/runs_panel.py" line="180" />
      <source>batch</source>
      <translation>批量</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/runs_panel.py" line="185" />
      <source>Seed of the mini-batch order and of gradient noise (0 to 2^64 − 1)</source>
      <translation>小批量顺序和梯度噪声的随机种子（0 到 2^64 − 1）</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/runs_panel.py" line="188" />
      <source>seed</source>
      <translation>种子</translation>
    </message>
  </context>
  <context>
    <name>ScenarioNote</name>
    <message>
      <location filename="../../optstudio/qt/lecture/scenario_note.py" line="24" />
      <source>Scenario</source>
      <translation>场景</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lecture/scenario_note.py" line="35" />
      <source>Hide the scenario's explanation</source>
      <translation>隐藏场景说明</translation>
    </message>
  </context>
  <context>
    <name>SessionActions</name>
    <message>
      <location filename="../../optstudio/qt/shared/session_actions.py" line="60" />
      <source>Open session</source>
      <translation>打开会话</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/session_actions.py" line="63" />
      <source>Save session</source>
      <translation>保存会话</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/session_actions.py" line="66" />
      <source>&amp;File</source>
      <translation>文件(&amp;F)</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/session_actions.py" line="67" />
      <source>&amp;New landscape study</source>
      <translation>新建地形研究(&amp;N)</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/session_actions.py" line="68" />
      <source>New &amp;model study</source>
      <translation>新建模型研究(&amp;M)</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/session_actions.py" line="69" />
      <source>&amp;Open…</source>
      <translation>打开(&amp;O)…</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/session_actions.py" line="70" />
      <source>Open &amp;recent</source>
      <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/session_actions.py" line="72" />
      <source>&amp;Save</source>
      <translation>保存(&amp;S)</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/session_actions.py" line="73" />
      <source>Save &amp;as…</source>
      <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/session_actions.py" line="83" />
      <source>Restore</source>
      <translation>恢复</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/session_actions.py" line="84" />
      <source>optstudio did not close properly last time. Restore the studio it had?</source>
      <translation>optstudio 上次没有正常关闭。要恢复当时的工作区吗？</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/session_actions.py" line="106" />
      <source>&amp;Scenarios</source>
      <translation>场景(&amp;S)</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/session_actions.py" line="107" />
      <source>Gallery…</source>
      <translation>场景库…</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/session_actions.py" line="133" />
      <source>Cannot open the scenario</source>
      <translation>无法打开场景</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/session_actions.py" line="182" />
      <source>Cannot restore</source>
      <translation>无法恢复</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/session_actions.py" line="218" />
      <source>Autosave failed: {0}</source>
      <translation>自动保存失败：{0}</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/session_actions.py" line="232" />
      <source>&amp;Quit</source>
      <translation>退出(&amp;Q)</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/session_actions.py" line="258" />
      <source>Unsaved changes</source>
      <translation>未保存的更改</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/session_actions.py" line="259" />
      <source>The studio has changed since it was saved. Save it first?</source>
      <translation>工作区在上次保存后已更改。要先保存吗？</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/session_actions.py" line="276" />
      <source>untitled</source>
      <translation>未命名</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/session_actions.py" line="325" />
      <source>Cannot open the session</source>
      <translation>无法打开会话</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/session_actions.py" line="351" />
      <source>Cannot save the session</source>
      <translation>无法保存会话</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/session_actions.py" line="352" />
      <source>Cannot write '{0}': {1}</source>
      <translation>无法写入“{0}”：{1}</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/session_actions.py" line="359" />
      <source>Saved {0}</source>
      <translation>已保存 {0}</translation>
    </message>
  </context>
  <context>
    <name>Standings</name>
    <message>
      <location filename="../../optstudio/qt/shared/results_table.py" line="240" />
      <source>Standings at step {0}</source>
      <translation>第 {0} 步时的排名</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/results_table.py" line="242" />
      <source>Every run has stopped, each at its last step</source>
      <translation>所有运行都已停止，各自停在最后一步</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/results_table.py" line="244" />
      <source>Free running: each run at its own step</source>
      <translation>自由运行：每个运行处于各自的步数</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/results_table.py" line="247" />
      <source> (runs that stopped earlier at their last step)</source>
      <translation>（提前停止的运行显示其最后一步）</translation>
    </message>
  </context>
  <context>
    <name>StepExplainer</name>
    <message>
      <location filename="../../optstudio/qt/lecture/step_explainer.py" line="35" />
      <source>The run has reached its step limit ({0:,} steps): no step follows. Press Left to go back through its steps, or raise the limit.</source>
      <translation>该运行已达到步数上限（{0:,} 步）：之后没有下一步。按左方向键回看各步，或提高上限。</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lecture/step_explainer.py" line="52" />
      <source>Step</source>
      <translation>单步</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lecture/step_explainer.py" line="111" />
      <source>Select a run to see its steps explained.</source>
      <translation>选择一个运行，查看其每一步的解释。</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lecture/step_explainer.py" line="117" />
      <source>Running. Pause (Space) or step (Right) to see the next step explained, or drag the timeline below the map.</source>
      <translation>运行中。暂停（空格）或单步（→）即可查看下一步的解释，也可以拖动地形图下方的时间轴。</translation>
    </message>
  </context>
  <context>
    <name>StepPanel</name>
    <message>
      <location filename="../../optstudio/qt/lecture/step_panel.py" line="50" />
      <source>quantity = rule</source>
      <translation>量 = 规则</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lecture/step_panel.py" line="50" />
      <source>this step</source>
      <translation>本步数值</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lecture/step_panel.py" line="63" />
      <source>Pause or step a run to see its next step explained.</source>
      <translation>暂停或单步运行，即可查看下一步的解释。</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lecture/step_panel.py" line="69" />
      <source>The run diverged here: this update leaves the finite numbers, so the engine stopped the run and does not take it.</source>
      <translation>该运行在此发散：这次更新超出了有限数值，因此引擎停止了运行，不执行这一步。</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lecture/step_panel.py" line="74" />
      <source>The run has converged (its steps fell below the tolerance): this step is not taken.</source>
      <translation>该运行已收敛（步长低于容差）：不执行这一步。</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lecture/step_panel.py" line="77" />
      <source>The run has reached its step limit: this step is not taken.</source>
      <translation>该运行已达到步数上限：不执行这一步。</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lecture/step_panel.py" line="94" />
      <source>&lt;b&gt;&lt;span style="color:{0}"&gt;●&lt;/span&gt; {1}&lt;/b&gt;: step {2} (from the point after {3} steps), lr = {4}</source>
      <translation>&lt;b&gt;&lt;span style="color:{0}"&gt;●&lt;/span&gt; {1}&lt;/b&gt;：第 {2} 步（从第 {3} 步之后的点出发），学习率 = {4}</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lecture/step_panel.py" line="105" />
      <source>the current point</source>
      <translation>当前点</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lecture/step_panel.py" line="135" />
      <source>θ + Δθ = {0}, where the engine moved.</source>
      <translation>θ + Δθ = {0}，即引擎实际移动到的位置。</translation>
    </message>
  </context>
  <context>
    <name>StudioWindow</name>
    <message>
      <location filename="../../optstudio/qt/shared/studio_window.py" line="324" />
      <source>{0:,.0f} steps/s per run</source>
      <translation>每个运行 {0:,.0f} 步/秒</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/studio_window.py" line="335" />
      <source>The engine stopped</source>
      <translation>计算引擎已停止</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/studio_window.py" line="337" />
      <source>The engine stopped again ({0}). Save the session and open it again.</source>
      <translation>计算引擎再次停止（{0}）。请保存会话后重新打开。</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/studio_window.py" line="346" />
      <source>The engine stopped ({0}); a new one replayed the runs.</source>
      <translation>计算引擎已停止（{0}）；新的引擎已重放所有运行。</translation>
    </message>
  </context>
  <context>
    <name>SurfaceView</name>
    <message>
      <location filename="../../optstudio/qt/shared/surface_view.py" line="182" />
      <source>The 3-D view is not available here: {0}. The map shows the same landscape in two dimensions.</source>
      <translation>此处无法使用三维视图：{0}。地形图以二维方式显示同一损失地形。</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/surface_view.py" line="227" />
      <source>loss (log scale)</source>
      <translation>损失（对数刻度）</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/surface_view.py" line="227" />
      <source>loss</source>
      <translation>损失</translation>
    </message>
  </context>
  <context>
    <name>SweepTab</name>
    <message>
      <location filename="../../optstudio/qt/landscape/sweeps/sweep_tab.py" line="63" />
      <source>Hyperparameter sweep</source>
      <translation>超参数扫描</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/landscape/sweeps/sweep_tab.py" line="67" />
      <source>and</source>
      <translation>以及</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/landscape/sweeps/sweep_tab.py" line="70" />
      <source>sweep</source>
      <translation>扫描</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/landscape/sweeps/sweep_tab.py" line="75" />
      <source>steps</source>
      <translation>步数</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/landscape/sweeps/sweep_tab.py" line="77" />
      <source>final loss</source>
      <translation>最终损失</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/landscape/sweeps/sweep_tab.py" line="78" />
      <source>steps to the tolerance</source>
      <translation>达到容差所需步数</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/landscape/sweeps/sweep_tab.py" line="79" />
      <location filename="../../optstudio/qt/landscape/sweeps/sweep_tab.py" line="364" />
      <source>diverged</source>
      <translation>发散</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/landscape/sweeps/sweep_tab.py" line="80" />
      <source>show</source>
      <translation>显示</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/landscape/sweeps/sweep_tab.py" line="84" />
      <source>A run has converged when its gradient norm falls below this (for steps to the tolerance and for basin maps)</source>
      <translation>梯度范数低于此值即视为收敛（用于“达到容差所需步数”和吸引域图）</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/landscape/sweeps/sweep_tab.py" line="88" />
      <source>tolerance</source>
      <translation>容差</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/landscape/sweeps/sweep_tab.py" line="89" />
      <source>Run sweep</source>
      <translation>运行扫描</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/landscape/sweeps/sweep_tab.py" line="96" />
      <source>Basin map</source>
      <translation>吸引域图</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/landscape/sweeps/sweep_tab.py" line="101" />
      <source>resolution</source>
      <translation>分辨率</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/landscape/sweeps/sweep_tab.py" line="102" />
      <source>Compute the basin map over the view</source>
      <translation>计算当前视野内的吸引域图</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/landscape/sweeps/sweep_tab.py" line="104" />
      <source>Show it on the map</source>
      <translation>显示在地形图上</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/landscape/sweeps/sweep_tab.py" line="117" />
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/landscape/sweeps/sweep_tab.py" line="159" />
      <source>Add a run: sweeps start from its settings.</source>
      <translation>请先添加一个运行：扫描以它的设置为基础。</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/landscape/sweeps/sweep_tab.py" line="163" />
      <source>From the selected run, &lt;b&gt;{0}&lt;/b&gt;: every other setting is its own.</source>
      <translation>以所选运行 &lt;b&gt;{0}&lt;/b&gt; 为基础：其余设置都沿用它自己的。</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/landscape/sweeps/sweep_tab.py" line="188" />
      <source>The loss changed: run the sweep again.</source>
      <translation>损失函数已改变：请重新运行扫描。</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/landscape/sweeps/sweep_tab.py" line="190" />
      <source>Choose what to sweep below and press Run sweep.</source>
      <translation>在下方选择要扫描的超参数，然后点击“运行扫描”。</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/landscape/sweeps/sweep_tab.py" line="212" />
      <source>the tolerance must be a number</source>
      <translation>容差必须是数字</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/landscape/sweeps/sweep_tab.py" line="214" />
      <source>the tolerance must be 0 or more</source>
      <translation>容差必须大于或等于 0</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/landscape/sweeps/sweep_tab.py" line="228" />
      <source>{0} is swept twice</source>
      <translation>{0} 被扫描了两次</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/landscape/sweeps/sweep_tab.py" line="241" />
      <source>Running {0:,} runs of {1:,} steps on every core…</source>
      <translation>正在所有处理器核心上运行 {0:,} 个运行，每个 {1:,} 步…</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/landscape/sweeps/sweep_tab.py" line="257" />
      <source>No run converged without diverging.</source>
      <translation>没有不发散而收敛的运行。</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/landscape/sweeps/sweep_tab.py" line="261" />
      <source>Best: {0} (final loss {1:.4g}, {2:,} steps). Click a cell to add that run to the studio.</source>
      <translation>最佳：{0}（最终损失 {1:.4g}，{2:,} 步）。点击一个格子即可把该运行添加到工作区。</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/landscape/sweeps/sweep_tab.py" line="266" />
      <source>Cancelled: {0:,} of {1:,} runs done. </source>
      <translation>已取消：完成了 {1:,} 个运行中的 {0:,} 个。</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/landscape/sweeps/sweep_tab.py" line="279" />
      <source>This sweep ran without a tolerance: run it again to count the steps to the tolerance.</source>
      <translation>这次扫描没有设置容差：请重新运行，以统计达到容差所需的步数。</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/landscape/sweeps/sweep_tab.py" line="331" />
      <source>Starting {0:,} runs over the view…</source>
      <translation>正在从视野内的 {0:,} 个起点开始运行…</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/landscape/sweeps/sweep_tab.py" line="364" />
      <source>not converged</source>
      <translation>未收敛</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/landscape/sweeps/sweep_tab.py" line="372" />
      <source>(darker: more steps to get there)</source>
      <translation>（颜色越深：到达所需步数越多）</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/landscape/sweeps/sweep_tab.py" line="374" />
      <source>Cancelled. </source>
      <translation>已取消。</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/landscape/sweeps/sweep_tab.py" line="378" />
      <source>Each start coloured by the minimum it ends in, darker the longer it took. Click the map to start the runs from a point.</source>
      <translation>每个起点按其最终到达的极小值着色，用时越长颜色越深。点击地形图即可从该点开始运行。</translation>
    </message>
  </context>
  <context>
    <name>TheoryPanel</name>
    <message>
      <location filename="../../optstudio/qt/lecture/theory_panel.py" line="36" />
      <source>Show the Hessian's eigenvectors on the map</source>
      <translation>在地形图上显示 Hessian 矩阵的特征向量</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lecture/theory_panel.py" line="51" />
      <source>Momentum conventions</source>
      <translation>动量的几种写法</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lecture/theory_panel.py" line="58" />
      <source>convention</source>
      <translation>写法</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lecture/theory_panel.py" line="58" />
      <source>update</source>
      <translation>更新</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lecture/theory_panel.py" line="58" />
      <source>final θ</source>
      <translation>最终 θ</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lecture/theory_panel.py" line="63" />
      <source>torch.optim.SGD</source>
      <translation>torch.optim.SGD</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lecture/theory_panel.py" line="64" />
      <source>Sutskever et al. 2013</source>
      <translation>Sutskever 等（2013）</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lecture/theory_panel.py" line="65" />
      <source>low-pass (EMA)</source>
      <translation>低通（指数滑动平均）</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lecture/theory_panel.py" line="73" />
      <source>Draw the three conventions on the map</source>
      <translation>在地形图上画出三种写法的路径</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lecture/theory_panel.py" line="87" />
      <source>This loss has no minimum with a positive definite Hessian to analyse (a saddle, or no known minimum).</source>
      <translation>该损失函数没有 Hessian 正定的极小值可供分析（鞍点，或没有已知的极小值）。</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lecture/theory_panel.py" line="96" />
      <source>&lt;b&gt;A quadratic loss&lt;/b&gt;: its Hessian is the same everywhere.</source>
      <translation>&lt;b&gt;二次损失函数&lt;/b&gt;：其 Hessian 矩阵处处相同。</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lecture/theory_panel.py" line="99" />
      <source>&lt;b&gt;Not quadratic&lt;/b&gt;: these numbers describe the quadratic that approximates it near its minimum at ({0}, {1}).</source>
      <translation>&lt;b&gt;非二次函数&lt;/b&gt;：以下数值描述的是它在极小值 ({0}, {1}) 附近的二次近似。</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lecture/theory_panel.py" line="107" />
      <source>H = [[{0}, {1}], [{1}, {2}]]&lt;br&gt;λ&lt;sub&gt;min&lt;/sub&gt; = {3}, λ&lt;sub&gt;max&lt;/sub&gt; = {4}, condition number κ = {5}&lt;br&gt;&lt;br&gt;Gradient descent converges for &lt;b&gt;lr &amp;lt; 2/λ&lt;sub&gt;max&lt;/sub&gt; = {6}&lt;/b&gt;.&lt;br&gt;Its best constant step, lr = 2/(λ&lt;sub&gt;min&lt;/sub&gt; + λ&lt;sub&gt;max&lt;/sub&gt;) = {7}, shrinks the error by (κ − 1)/(κ + 1) = {8} a step: slow when κ is large, because the valley's floor (the λ&lt;sub&gt;min&lt;/sub&gt; direction) gets a tiny step while the walls (λ&lt;sub&gt;max&lt;/sub&gt;) limit lr.&lt;br&gt;Heavy-ball momentum at lr = {9}, momentum = {10} shrinks it by (√κ − 1)/(√κ + 1) = {11} a step.</source>
      <translation>H = [[{0}, {1}], [{1}, {2}]]&lt;br&gt;λ&lt;sub&gt;min&lt;/sub&gt; = {3}，λ&lt;sub&gt;max&lt;/sub&gt; = {4}，条件数 κ = {5}&lt;br&gt;&lt;br&gt;当 &lt;b&gt;lr &amp;lt; 2/λ&lt;sub&gt;max&lt;/sub&gt; = {6}&lt;/b&gt; 时梯度下降收敛。&lt;br&gt;最佳常数步长 lr = 2/(λ&lt;sub&gt;min&lt;/sub&gt; + λ&lt;sub&gt;max&lt;/sub&gt;) = {7}，每步把误差缩小为 (κ − 1)/(κ + 1) = {8} 倍：κ 很大时很慢，因为谷底方向（λ&lt;sub&gt;min&lt;/sub&gt;）只得到很小的步长，而谷壁（λ&lt;sub&gt;max&lt;/sub&gt;）限制了 lr。&lt;br&gt;重球动量取 lr = {9}、动量 = {10} 时，每步缩小为 (√κ − 1)/(√κ + 1) = {11} 倍。</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lecture/theory_panel.py" line="132" />
      <source>Add gradient descent
at the best lr ({0})</source>
      <translation>添加梯度下降
采用最佳学习率（{0}）</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lecture/theory_panel.py" line="135" />
      <source>Add heavy ball at its best
lr and momentum ({0}, {1})</source>
      <translation>添加重球法，采用其最佳
学习率和动量（{0}，{1}）</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lecture/theory_panel.py" line="140" />
      <source>Add gradient descent just
above the bound (lr = {0})</source>
      <translation>添加学习率刚好
超过界限的梯度下降（lr = {0}）</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lecture/theory_panel.py" line="156" />
      <source>GD, best lr</source>
      <translation>梯度下降，最佳学习率</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lecture/theory_panel.py" line="163" />
      <source>Heavy ball, best settings</source>
      <translation>重球法，最佳设置</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lecture/theory_panel.py" line="169" />
      <source>GD, lr above 2/λmax</source>
      <translation>梯度下降，lr 高于 2/λmax</translation>
    </message>
  </context>
  <context>
    <name>TheoryView</name>
    <message>
      <location filename="../../optstudio/qt/lecture/theory_view.py" line="36" />
      <source>Theory</source>
      <translation>理论</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lecture/theory_view.py" line="85" />
      <source>Select a run with momentum.</source>
      <translation>请选择一个带动量的运行。</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lecture/theory_view.py" line="98" />
      <source>The selected run has no heavy-ball momentum: choose SGD with momentum or Momentum (heavy ball) to compare the conventions.</source>
      <translation>所选运行没有重球动量：请选择带动量的 SGD 或“动量（重球法）”来比较几种写法。</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lecture/theory_view.py" line="111" />
      <source>{0}, μ = {1}, {2} steps. With a constant lr the three are one method (the low-pass lr is divided by 1 − μ); they differ only under a schedule.</source>
      <translation>{0}，μ = {1}，{2} 步。学习率为常数时三者是同一种方法（低通写法的学习率要除以 1 − μ）；只有在学习率调度下才会不同。</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lecture/theory_view.py" line="116" />
      <source>{0}, μ = {1}, {2} steps under its schedule: torch applies today's lr to the whole velocity, Sutskever's form applied each past lr to its own gradient. The paths part by up to {3}.</source>
      <translation>{0}，μ = {1}，在其调度下运行 {2} 步：torch 把当前的学习率乘在整个速度上，而 Sutskever 的写法让每个过去的学习率只作用于当时的梯度。两条路径最多相差 {3}。</translation>
    </message>
  </context>
  <context>
    <name>Timeline</name>
    <message>
      <location filename="../../optstudio/qt/lecture/timeline.py" line="24" />
      <location filename="../../optstudio/qt/lecture/timeline.py" line="42" />
      <source>Timeline</source>
      <translation>时间轴</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lecture/timeline.py" line="30" />
      <source>One step back in the history (Left)</source>
      <translation>在历史中后退一步（←）</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lecture/timeline.py" line="32" />
      <source>One step forward in the history</source>
      <translation>在历史中前进一步</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lecture/timeline.py" line="34" />
      <source>Drag through the recorded history of the runs</source>
      <translation>拖动浏览运行的历史记录</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lecture/timeline.py" line="36" />
      <source>Live</source>
      <translation>实时</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lecture/timeline.py" line="39" />
      <source>Follow the runs as they go</source>
      <translation>跟随运行实时显示</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lecture/timeline.py" line="103" />
      <source>live · step {0}</source>
      <translation>实时 · 第 {0} 步</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lecture/timeline.py" line="104" />
      <source>step {0} of {1}</source>
      <translation>第 {0} 步，共 {1} 步</translation>
    </message>
  </context>
  <context>
    <name>TuningDialog</name>
    <message>
      <location filename="../../optstudio/qt/lab/tuning_dialog.py" line="50" />
      <source>Tune the optimizers</source>
      <translation>调优优化器</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/tuning_dialog.py" line="80" />
      <source>optimizers</source>
      <translation>优化器</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/tuning_dialog.py" line="83" />
      <source>NAME=LOW:HIGH, NAME=LOW:HIGH:log or NAME=A|B|C, comma-separated: an optimizer's hyperparameter, or batch_size, hidden, activation</source>
      <translation>NAME=LOW:HIGH、NAME=LOW:HIGH:log 或 NAME=A|B|C，以逗号分隔：优化器的超参数，或 batch_size、hidden、activation</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/tuning_dialog.py" line="86" />
      <source>space</source>
      <translation>搜索空间</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/tuning_dialog.py" line="87" />
      <source>Trials per optimizer: the same budget</source>
      <translation>每个优化器的试验次数：相同的预算</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/tuning_dialog.py" line="88" />
      <source>trials</source>
      <translation>试验</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/tuning_dialog.py" line="89" />
      <source>Seeds per trial; the metric is their mean</source>
      <translation>每次试验的种子数；指标取其平均</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/tuning_dialog.py" line="90" />
      <source>seeds</source>
      <translation>种子</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/tuning_dialog.py" line="92" />
      <source>Steps of every trial's run</source>
      <translation>每次试验运行的步数</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/tuning_dialog.py" line="93" />
      <source>steps</source>
      <translation>步数</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/tuning_dialog.py" line="95" />
      <source>Rows per step of every trial's run, as the lab's runs train (a space naming batch_size varies it)</source>
      <translation>每次试验运行每步使用的行数，与实验室中的运行一致（搜索空间中写明 batch_size 时则改变它）</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/tuning_dialog.py" line="97" />
      <source>full batch</source>
      <translation>全批量</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/tuning_dialog.py" line="98" />
      <source>batch</source>
      <translation>批量</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/tuning_dialog.py" line="102" />
      <source>sampler</source>
      <translation>采样器</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/tuning_dialog.py" line="106" />
      <source>median: a run stops at a quarter, half or three quarters of its steps where it is worse than the median of the runs before it
halving (successive halving): a run is judged at a 27th, a 9th and a third of its steps and goes on only among the best third there</source>
      <translation>median：运行在其步数的四分之一、一半或四分之三处，若差于此前各运行的中位数则停止
halving（逐次减半）：运行在其步数的 1/27、1/9 和 1/3 处接受评判，只有位列前三分之一才继续</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/tuning_dialog.py" line="111" />
      <source>prune</source>
      <translation>剪枝</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/tuning_dialog.py" line="114" />
      <source>metric</source>
      <translation>指标</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/tuning_dialog.py" line="116" />
      <source>this machine, a worker a core</source>
      <translation>本机，每个核心一个工作进程</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/tuning_dialog.py" line="117" />
      <source>A Dask scheduler's address, tcp://HOST:8786</source>
      <translation>Dask 调度器地址，tcp://HOST:8786</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/tuning_dialog.py" line="118" />
      <source>Dask</source>
      <translation>Dask</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/tuning_dialog.py" line="120" />
      <source>Start</source>
      <translation>开始</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/tuning_dialog.py" line="122" />
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/tuning_dialog.py" line="131" />
      <source>Add the selected trial to the race</source>
      <translation>将所选试验加入比赛</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/tuning_dialog.py" line="134" />
      <source>Save the trials…</source>
      <translation>保存试验…</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/tuning_dialog.py" line="135" />
      <source>Every trial and seed, as CSV or JSON</source>
      <translation>每次试验和每个种子，保存为 CSV 或 JSON</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/tuning_dialog.py" line="202" />
      <source>From the session: {0} trials</source>
      <translation>来自会话：{0} 次试验</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/tuning_dialog.py" line="228" />
      <source>Starting the workers…</source>
      <translation>正在启动工作进程…</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/tuning_dialog.py" line="234" />
      <source>Cancelling: the running trials stop…</source>
      <translation>正在取消：运行中的试验将停止…</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/tuning_dialog.py" line="241" />
      <source>, about {0:.0f} s left</source>
      <translation>，约剩 {0:.0f} 秒</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/tuning_dialog.py" line="243" />
      <source>{0} of {1} runs done, {2} running, {3} pruned, {4} failed{5}</source>
      <translation>已完成 {0}/{1} 次运行，{2} 个运行中，{3} 个已剪枝，{4} 个失败{5}</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/tuning_dialog.py" line="272" />
      <source>Cancelled</source>
      <translation>已取消</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/tuning_dialog.py" line="272" />
      <source>Done</source>
      <translation>完成</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/tuning_dialog.py" line="274" />
      <source>{0}: {1} trials</source>
      <translation>{0}：{1} 次试验</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/tuning_dialog.py" line="285" />
      <source>The study stopped: {0}</source>
      <translation>研究已停止：{0}</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/tuning_dialog.py" line="330" />
      <source>defaults</source>
      <translation>默认值</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/tuning_dialog.py" line="299" />
      <source>No trial has finished yet</source>
      <translation>尚无完成的试验</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/tuning_dialog.py" line="304" />
      <source>Cannot save: {0}</source>
      <translation>无法保存：{0}</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/tuning_dialog.py" line="306" />
      <source>Wrote {0} rows</source>
      <translation>已写入 {0} 行</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/tuning_dialog.py" line="311" />
      <source>Save the trials</source>
      <translation>保存试验</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/tuning_dialog.py" line="330" />
      <source>trial {0}</source>
      <translation>试验 {0}</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/tuning_dialog.py" line="340" />
      <source>{0} belong to the study's network: set them in the Model panel</source>
      <translation>{0} 属于研究的网络：请在模型面板中设置</translation>
    </message>
  </context>
  <context>
    <name>TuningLauncher</name>
    <message>
      <location filename="../../optstudio/qt/lab/tuning_launcher.py" line="23" />
      <source>Tune…</source>
      <translation>调优…</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/tuning_launcher.py" line="25" />
      <source>Tune the optimizers with the same budget on every core or a Dask cluster, and compare their best settings with their defaults</source>
      <translation>在所有核心或 Dask 集群上以相同预算调优各优化器，并将最佳设置与默认设置比较</translation>
    </message>
  </context>
  <context>
    <name>TuningViews</name>
    <message>
      <location filename="../../optstudio/qt/lab/tuning_views.py" line="59" />
      <source>pruned at step {0}</source>
      <translation>在第 {0} 步被剪枝</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/tuning_views.py" line="61" />
      <source>failed</source>
      <translation>失败</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/tuning_views.py" line="63" />
      <source>diverged</source>
      <translation>发散</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/tuning_views.py" line="78" />
      <source>hidden {0} {1}</source>
      <translation>隐藏层 {0} {1}</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/tuning_views.py" line="80" />
      <source>no hidden layer</source>
      <translation>无隐藏层</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/tuning_views.py" line="84" />
      <source>batches of {0}</source>
      <translation>每批 {0} 行</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/tuning_views.py" line="86" />
      <source>full batch</source>
      <translation>全批量</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/tuning_views.py" line="88" />
      <source>{0}, {1}, {2}, {3} steps</source>
      <translation>{0}，{1}，{2}，{3} 步</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/tuning_views.py" line="132" />
      <source>Pick optimizers, a space and a budget, then Start.</source>
      <translation>选择优化器、搜索空间和预算，然后点击“开始”。</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/tuning_views.py" line="149" />
      <source>trial, in the order asked</source>
      <translation>试验（按提出顺序）</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/tuning_views.py" line="153" />
      <source>Optimizer</source>
      <translation>优化器</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/tuning_views.py" line="154" />
      <source>Trial</source>
      <translation>试验</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/tuning_views.py" line="155" />
      <source>Values</source>
      <translation>取值</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/tuning_views.py" line="156" />
      <source>Mean</source>
      <translation>均值</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/tuning_views.py" line="157" />
      <source>± over seeds</source>
      <translation>± 跨种子</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/tuning_views.py" line="211" />
      <source>These trials tuned {0}; the lab's network or data have changed since. Start again to tune the lab's.</source>
      <translation>这些试验调的是 {0}；此后实验室的网络或数据已改变。请重新开始以调优当前的网络。</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/tuning_views.py" line="263" />
      <source>best {0} so far</source>
      <translation>迄今最佳 {0}</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/tuning_views.py" line="317" />
      <source>{0} ({1}: {2}, dark is low)</source>
      <translation>{0}（{1}：{2}，颜色越深越低）</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/tuning_views.py" line="343" />
      <source>{0}, each seed</source>
      <translation>{0}，每个种子</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/tuning_views.py" line="344" />
      <source>tuned (filled) and defaults (hollow)</source>
      <translation>调优后（实心）与默认（空心）</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/tuning_views.py" line="354" />
      <source>defaults</source>
      <translation>默认</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/tuning_views.py" line="355" />
      <source>its defaults</source>
      <translation>其默认值</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/tuning_views.py" line="374" />
      <source>{0}: tuned {1:.4g} ± {2:.2g} ({3})</source>
      <translation>{0}：调优后 {1:.4g} ± {2:.2g}（{3}）</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/tuning_views.py" line="378" />
      <source>; defaults {0:.4g} ± {1:.2g}</source>
      <translation>；默认 {0:.4g} ± {1:.2g}</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/lab/tuning_views.py" line="382" />
      <source>{0} over {1} seeds, the same budget of {2} trials for each; {3}:</source>
      <translation>{0}，跨 {1} 个种子，每个优化器相同的 {2} 次试验预算；{3}：</translation>
    </message>
  </context>
  <context>
    <name>ViewMenu</name>
    <message>
      <location filename="../../optstudio/qt/shared/view_menu.py" line="21" />
      <source>&amp;View</source>
      <translation>视图(&amp;V)</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/view_menu.py" line="25" />
      <source>Theme</source>
      <translation>主题</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/view_menu.py" line="28" />
      <source>Follow the desktop</source>
      <translation>跟随桌面</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/view_menu.py" line="29" />
      <source>Light</source>
      <translation>浅色</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/view_menu.py" line="30" />
      <source>Dark</source>
      <translation>深色</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/view_menu.py" line="40" />
      <source>Language</source>
      <translation>语言</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/view_menu.py" line="44" />
      <source>Follow the system</source>
      <translation>跟随系统</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/view_menu.py" line="52" />
      <source>Presentation view</source>
      <translation>演示模式</translation>
    </message>
    <message>
      <location filename="../../optstudio/qt/shared/view_menu.py" line="55" />
      <source>Step explained</source>
      <translation>单步解释</translation>
    </message>
  </context>
  <context>
    <name>scenarios</name>
    <message>
      <source>Momentum in a narrow valley</source>
      <translation>狭长山谷中的动量</translation>
    </message>
    <message>
      <source>In a long, narrow valley plain gradient descent zig-zags between the steep walls and crawls along the floor. Momentum averages the zig-zag away and builds up speed along the valley.</source>
      <translation>在狭长的山谷中，普通梯度下降在陡峭的谷壁之间来回振荡，沿谷底缓慢爬行。动量把振荡平均掉，并沿着山谷方向不断加速。</translation>
    </message>
    <message>
      <source>A learning rate too large</source>
      <translation>学习率过大</translation>
    </message>
    <message>
      <source>Both runs are plain gradient descent on the same bowl. Beyond 2 divided by the largest curvature (here 2/10 = 0.2), every step overshoots more than the last and the run diverges; just below it, the run converges.</source>
      <translation>两个运行都是同一个碗形函数上的普通梯度下降。学习率超过 2 除以最大曲率（这里是 2/10 = 0.2）时，每一步都比上一步冲得更远，运行发散；略低于这个值时，运行收敛。</translation>
    </message>
    <message>
      <source>Adam against SGD on Rosenbrock</source>
      <translation>Rosenbrock 函数上的 Adam 与 SGD</translation>
    </message>
    <message>
      <source>SGD's step is proportional to the gradient, tiny on the flat valley floor. Adam divides by the gradient's recent size, so it keeps moving along the floor to the minimum at (1, 1).</source>
      <translation>SGD 的步长与梯度成正比，在平坦的谷底非常小。Adam 除以梯度近期的大小，因此能沿着谷底一直走到 (1, 1) 处的极小值。</translation>
    </message>
    <message>
      <source>Escaping a saddle point</source>
      <translation>逃离鞍点</translation>
    </message>
    <message>
      <source>Started a hair's breadth off the ridge line, every run first slides towards the saddle, where the gradient vanishes, then slowly peels away downhill. Momentum builds up speed in the escaping direction and gets away about three times sooner than plain gradient descent.</source>
      <translation>从离脊线极近的地方出发，每个运行都先滑向梯度为零的鞍点，然后才慢慢向下坡方向离开。动量在逃离方向上不断加速，比普通梯度下降快约三倍离开鞍点。</translation>
    </message>
    <message>
      <source>Four minima: which one?</source>
      <translation>四个极小值：落入哪一个？</translation>
    </message>
    <message>
      <source>Himmelblau's function has four minima of equal depth. From the same start, Adam and the heavy ball end in different ones: the path, not just the landscape, decides.</source>
      <translation>Himmelblau 函数有四个深度相同的极小值。从同一起点出发，Adam 和重球法落入了不同的极小值：决定结果的不只是地形，还有路径。</translation>
    </message>
    <message>
      <source>Batch, mini-batch and stochastic</source>
      <translation>全批量、小批量与随机梯度</translation>
    </message>
    <message>
      <source>The same SGD (lr 0.05) on linear regression with one sample, a mini-batch of 8 and the whole data set per step. The full batch settles in the minimum; smaller batches are cheaper per step but noisier, so they reach it about as soon and then jitter round it, single samples the most.</source>
      <translation>同一个 SGD（lr 0.05）在线性回归上，每步分别使用一个样本、8 个样本的小批量和整个数据集。全批量最终停在最小值；较小的批量每步更便宜但噪声更大，它们几乎同样快地到达最小值附近，然后在其周围抖动，单样本抖动最大。</translation>
    </message>
    <message>
      <source>Adagrad's shrinking steps</source>
      <translation>Adagrad 不断缩小的步长</translation>
    </message>
    <message>
      <source>Adagrad divides by the sum of all past squared gradients, so its steps only ever shrink and it stalls on the long valley. RMSprop forgets old gradients and keeps its pace.</source>
      <translation>Adagrad 除以过去所有梯度平方之和，因此步长只会越来越小，在长长的山谷中停滞不前。RMSprop 会遗忘旧的梯度，保持前进的速度。</translation>
    </message>
    <message>
      <source>Learning-rate schedules compared</source>
      <translation>学习率调度的比较</translation>
    </message>
    <message>
      <source>The same Adam with a constant rate, cosine annealing and a step decay. On Rosenbrock's long valley a decay that starts early slows the walk along the floor: schedules help where noise, not distance, limits progress.</source>
      <translation>同样的 Adam，分别使用常数学习率、余弦退火和阶梯衰减。在 Rosenbrock 的长山谷中，过早开始的衰减会减慢沿谷底的前进：调度在噪声（而非距离）限制进展时才有帮助。</translation>
    </message>
    <message>
      <source>Stuck in a local minimum</source>
      <translation>困在局部极小值</translation>
    </message>
    <message>
      <source>Rastrigin's bowl is covered in ripples, each a local minimum. Gradient descent stops in the first one it meets, far from the global minimum at the origin.</source>
      <translation>Rastrigin 函数的碗形表面布满波纹，每个波纹都是一个局部极小值。梯度下降停在遇到的第一个局部极小值，远离原点处的全局极小值。</translation>
    </message>
    <message>
      <source>Heavy ball against Nesterov</source>
      <translation>重球法与 Nesterov</translation>
    </message>
    <message>
      <source>Both carry 90% of the previous step. Nesterov takes its gradient where the momentum is about to carry it, which damps the overshoot: on this ill-conditioned bowl it settles a hundred times lower in the same steps.</source>
      <translation>两者都保留上一步的 90%。Nesterov 在动量即将带到的位置计算梯度，从而抑制冲过头：在这个病态的碗形函数上，相同步数内它的损失低了一百倍。</translation>
    </message>
    <message>
      <source>First order against Newton's method</source>
      <translation>一阶方法与牛顿法</translation>
    </message>
    <message>
      <source>Newton's method divides the gradient by the curvature and jumps to the minimum of the local quadratic model. On Rosenbrock it is done in a handful of steps, while gradient descent has barely started.</source>
      <translation>牛顿法用曲率去除梯度，直接跳到局部二次模型的极小值。在 Rosenbrock 函数上它几步就完成了，而梯度下降才刚刚起步。</translation>
    </message>
    <message>
      <source>What beta2 does in Adam</source>
      <translation>Adam 中 beta2 的作用</translation>
    </message>
    <message>
      <source>beta2 sets how long Adam remembers squared gradients. With 0.9 its step sizes follow the curving valley quickly; with the default 0.999 they lag behind, and the run is slower to reach the minimum.</source>
      <translation>beta2 决定 Adam 记住梯度平方的时间长短。取 0.9 时，步长能快速适应弯曲的山谷；取默认值 0.999 时，步长调整滞后，运行到达极小值更慢。</translation>
    </message>
    <message>
      <source>Overfitting, and L2 against it</source>
      <translation>过拟合，以及用 L2 对抗它</translation>
    </message>
    <message>
      <source>A network of two layers of 8 learns 60 noisy points of the circle. Plain Adam drives its training loss to zero while its test loss (dashed) turns up after a few dozen steps: it learns the noise. Adam with weight decay 0.01, that run's own setting (the gradient of an L2 penalty 0.005·‖w‖²; the Model panel's regularisation would put one on every run), keeps its weights small and its test loss near its best.</source>
      <translation>一个两层、每层 8 个单元的网络学习圆形数据集中 60 个带噪声的点。普通 Adam 把训练损失降到零，而它的测试损失（虚线）在几十步后就开始上升：它学到了噪声。权重衰减为 0.01 的 Adam（这是该运行自己的设置，即 L2 惩罚 0.005·‖w‖² 的梯度；模型面板中的正则化则会对每个运行施加惩罚）让权重保持较小，测试损失一直接近最佳值。</translation>
    </message>
    <message>
      <source>A spiral needs depth</source>
      <translation>螺旋需要深度</translation>
    </message>
    <message>
      <source>From x1 and x2 alone, the two arms of the spiral take several layers to tell apart. This network has three hidden layers of 8: Adam winds its boundary along the arms to about 98% test accuracy, plain SGD stays near 76%. Remove layers in the Model panel and watch the boundary give up.</source>
      <translation>只用 x1 和 x2，要区分螺旋的两条臂需要好几层。这个网络有三个各 8 个单元的隐藏层：Adam 让边界沿着螺旋臂缠绕，测试准确率约 98%，普通 SGD 停留在 76% 左右。在模型面板中删去几层，看看边界如何失效。</translation>
    </message>
    <message>
      <source>SGD against Adam on xor</source>
      <translation>异或上的 SGD 与 Adam</translation>
    </message>
    <message>
      <source>The Playground's first network (4 and 2 units) on exclusive or. With the same learning rate, Adam classifies every test point within 1,000 steps while SGD, whose steps shrink with the small gradients of the saturated units, is still near 91%.</source>
      <translation>Playground 的第一个网络（4 个和 2 个单元）学习异或。学习率相同时，Adam 在 1,000 步内分对了所有测试点，而 SGD 的步长随饱和单元的小梯度而变小，准确率仍在 91% 左右。</translation>
    </message>
    <message>
      <source>Batch size on a real network</source>
      <translation>真实网络上的批量大小</translation>
    </message>
    <message>
      <source>SGD trains a 64-32-10 network on 1,437 images of handwritten digits with the whole set, batches of 64 and batches of 8 per step. Step for step they reach about the same accuracy (94 to 96%), although a step on a batch of 8 costs a 180th of the work of a step on the full set.</source>
      <translation>SGD 在 1,437 张手写数字图像上训练一个 64-32-10 网络，每步分别使用全部数据、64 个样本和 8 个样本。按步数比较，它们的准确率相近（94% 到 96%），尽管用 8 个样本走一步的计算量只有用全部数据走一步的 1/180。</translation>
    </message>
    <message>
      <source>Muon against AdamW on digits</source>
      <translation>手写数字上的 Muon 与 AdamW</translation>
    </message>
    <message>
      <source>Muon orthogonalises each weight matrix's step (Newton-Schulz), so every direction of the matrix moves at the same rate. It fits the training images (loss below 0.1) by step 170, where AdamW at its usual rate is still on its way; both end near 98% test accuracy.</source>
      <translation>Muon 把每个权重矩阵的更新正交化（Newton-Schulz），使矩阵的每个方向以相同的速率移动。它在第 170 步就拟合了训练图像（损失低于 0.1），而常用学习率下的 AdamW 仍在途中；两者最终的测试准确率都接近 98%。</translation>
    </message>
    <message>
      <source>Tune every optimizer before the race</source>
      <translation>比赛之前先调优每个优化器</translation>
    </message>
    <message>
      <source>At their default learning rates SGD, heavy-ball momentum and Adam end 500 steps on the digits far apart: about 10%, 61% and 95% test accuracy. Tuned with the same budget of 15 learning rates on 3 seeds each (Tune… shows the study), all three reach 97 to 99%: much of a race between optimizers is a race between their defaults.</source>
      <translation>在默认学习率下，SGD、重球动量和 Adam 在手写数字上训练 500 步后相差悬殊：测试准确率约为 10%、61% 和 95%。以相同的预算（各 15 个学习率、每个 3 个种子）调优后（“调优…”显示该研究），三者都达到 97% 到 99%：优化器之间的比赛，很大程度上是它们默认值之间的比赛。</translation>
    </message>
    <message>
      <source>What a hidden unit learns</source>
      <translation>隐藏单元学到了什么</translation>
    </message>
    <message>
      <source>One hidden layer of three tanh units on the circle; a unit can only split the plane along a straight line, so in the Network tab its map is orange on one side and blue on the other. Training moves the three lines round the blue disc, each about two units from its centre, and the output, blue inside all three, is a triangle that holds the disc: both runs classify over 95% of the test points. With two units (the Model panel's −) two lines cannot enclose the disc, and both stop near 84%.</source>
      <translation>圆形数据上只有一个隐藏层，含三个 tanh 单元；一个单元只能沿一条直线把平面一分为二，所以在“网络”标签页中它的图一侧为橙色、另一侧为蓝色。训练把这三条直线移到蓝色圆盘周围，每条距圆心约两个单位，而输出在三条线内侧都为蓝色，形成一个包住圆盘的三角形：两个运行都能正确分类 95% 以上的测试点。只用两个单元（模型面板的 −）时，两条直线无法围住圆盘，两个运行都停在 84% 左右。</translation>
    </message>
    <message>
      <source>The features trick: a circle with no hidden layer</source>
      <translation>特征技巧：没有隐藏层的圆</translation>
    </message>
    <message>
      <source>No hidden layer at all: the output is a weighted sum of the inputs. Given x1² and x2² instead of x1 and x2, that sum is the equation of a circle, so a single unit separates the disc from the ring: both runs pass 97% test accuracy within 200 steps. Swap the features back to x1 and x2 in the Model panel: the same network can only draw a straight line, and stays under 70%.</source>
      <translation>完全没有隐藏层：输出是输入的加权和。若输入是 x1² 和 x2² 而不是 x1 和 x2，这个和就是圆的方程，于是单个单元就能把圆盘和圆环分开：两个运行在 200 步内测试准确率都超过 97%。在模型面板中把特征换回 x1 和 x2：同样的网络只能画一条直线，准确率停留在 70% 以下。</translation>
    </message>
    <message>
      <source>Points drawn by hand, learned by heart</source>
      <translation>手绘的点，死记硬背</translation>
    </message>
    <message>
      <source>These 54 points were drawn by hand: strokes of blue on the left, of orange on the right, and eight clicks on the wrong side. A network of 8 and 8 units fits every training point, the wrong ones included, while its test loss, lowest in the first 40 steps, climbs past 2 and its test accuracy falls from 85% to about half: it learned the points, not the rule. Erase the eight wrong-side points (Erase, above the plane) and both runs classify every test point.</source>
      <translation>这 54 个点是手绘的：左边是蓝色的笔画，右边是橙色的笔画，另有八次点击点在了错误的一侧。一个 8 和 8 个单元的网络拟合了每一个训练点，包括错误的点，而它的测试损失在前 40 步内最低，之后升到 2 以上，测试准确率从 85% 降到一半左右：它记住了这些点，而不是规律。擦除这八个错误一侧的点（平面上方的“擦除”），两个运行都能正确分类每个测试点。</translation>
    </message>
    <message>
      <source>An activation per layer: relu, then tanh</source>
      <translation>每层一种激活函数：先 relu，再 tanh</translation>
    </message>
    <message>
      <source>Relu in the first hidden layer cuts the plane into straight-edged pieces; tanh in the second bends and bounds what they make. On the spiral this network of 16 and 8 units, relu then tanh, lets Adam classify every test point. Set both layers to tanh in the Model panel (each layer) and it ends near 90%; both to relu, near 97%, with a test loss seven times as large.</source>
      <translation>第一隐藏层的 relu 把平面切成直边的小块；第二层的 tanh 把它们拼成的形状弯曲并限定在范围内。在螺旋数据上，这个 16 和 8 个单元、先 relu 后 tanh 的网络让 Adam 正确分类每个测试点。在模型面板（每一层）中把两层都设为 tanh，结果在 90% 左右；都设为 relu，约为 97%，测试损失是这里的七倍。</translation>
    </message>
    <message>
      <source>A learning rate too large, on a network</source>
      <translation>网络上过大的学习率</translation>
    </message>
    <message>
      <source>The same SGD on the circle with two learning rates. At 3 it settles near 99% test accuracy. At 30 every step overshoots: the loss leaps to more than ten times where it began, the boundary flips about, and the accuracy stays near a coin toss.</source>
      <translation>同样的 SGD 在圆形数据集上使用两种学习率。学习率为 3 时，测试准确率稳定在 99% 左右。学习率为 30 时，每一步都冲过头：损失跳到初始值的十倍以上，边界来回翻转，准确率始终接近抛硬币。</translation>
    </message>
  </context>
  <context>
    <name>optimizers</name>
    <message>
      <source>Gradient descent</source>
      <translation>梯度下降</translation>
    </message>
    <message>
      <source>Step straight downhill, by the learning rate times the gradient.</source>
      <translation>沿下坡方向直接前进，步长为学习率乘以梯度。</translation>
    </message>
    <message>
      <source>SGD</source>
      <translation>SGD</translation>
    </message>
    <message>
      <source>torch.optim.SGD: gradient descent with optional momentum, dampening, Nesterov momentum and weight decay. With a mini-batch loss this is stochastic gradient descent.</source>
      <translation>torch.optim.SGD：梯度下降，可选动量、阻尼、Nesterov 动量和权重衰减。用于小批量损失时即为随机梯度下降。</translation>
    </message>
    <message>
      <source>Momentum (heavy ball)</source>
      <translation>动量（重球法）</translation>
    </message>
    <message>
      <source>Polyak's heavy ball: a gradient step plus beta times the previous step, so speed builds up along a consistent direction and oscillations cancel.</source>
      <translation>Polyak 的重球法：梯度步加上 beta 乘以上一步，因此在一致的方向上不断加速，而振荡相互抵消。</translation>
    </message>
    <message>
      <source>Nesterov accelerated gradient</source>
      <translation>Nesterov 加速梯度</translation>
    </message>
    <message>
      <source>Like the heavy ball, but the gradient is taken at the point the momentum is about to carry the parameters to, which corrects an overshoot before it happens.</source>
      <translation>与重球法类似，但在动量即将把参数带到的位置计算梯度，从而在冲过头之前就加以修正。</translation>
    </message>
    <message>
      <source>Adagrad</source>
      <translation>Adagrad</translation>
    </message>
    <message>
      <source>Per-coordinate step sizes that shrink with the sum of all past squared gradients: large early steps, ever smaller later ones.</source>
      <translation>每个坐标各自的步长随过去所有梯度平方之和而缩小：早期步长大，之后越来越小。</translation>
    </message>
    <message>
      <source>RMSprop</source>
      <translation>RMSprop</translation>
    </message>
    <message>
      <source>Divides each step by a running root-mean-square of recent gradients, so that steep and flat directions move at similar speeds.</source>
      <translation>每一步除以近期梯度的滑动均方根，使陡峭方向与平坦方向以相近的速度前进。</translation>
    </message>
    <message>
      <source>Adadelta</source>
      <translation>Adadelta</translation>
    </message>
    <message>
      <source>RMSprop whose step is scaled by a running RMS of past updates, so its units match the parameters and it needs almost no learning rate.</source>
      <translation>步长再乘以过去更新量的滑动均方根的 RMSprop，因此其单位与参数一致，几乎不需要学习率。</translation>
    </message>
    <message>
      <source>Adam</source>
      <translation>Adam</translation>
    </message>
    <message>
      <source>Momentum and RMSprop together, with both running means corrected for their start at zero.</source>
      <translation>动量与 RMSprop 的结合，两个滑动平均都针对从零开始的初值做了偏差修正。</translation>
    </message>
    <message>
      <source>AdamW</source>
      <translation>AdamW</translation>
    </message>
    <message>
      <source>Adam with weight decay applied to the weights directly instead of through the gradient, so the decay is not rescaled by the adaptive step.</source>
      <translation>权重衰减直接作用于权重而不是通过梯度的 Adam，因此衰减不会被自适应步长重新缩放。</translation>
    </message>
    <message>
      <source>Adamax</source>
      <translation>Adamax</translation>
    </message>
    <message>
      <source>Adam with the infinity norm: steps are scaled by a decaying maximum of past gradient sizes.</source>
      <translation>使用无穷范数的 Adam：步长按过去梯度大小的衰减最大值缩放。</translation>
    </message>
    <message>
      <source>NAdam</source>
      <translation>NAdam</translation>
    </message>
    <message>
      <source>Adam with Nesterov momentum: the step uses the momentum it is about to have, with a momentum schedule that warms up over the first steps.</source>
      <translation>带 Nesterov 动量的 Adam：每一步使用即将得到的动量，并在最初几步中逐渐预热动量。</translation>
    </message>
    <message>
      <source>RAdam</source>
      <translation>RAdam</translation>
    </message>
    <message>
      <source>Rectified Adam: plain momentum steps while the variance estimate is unreliable, then Adam steps scaled by a rectification term.</source>
      <translation>修正的 Adam：方差估计不可靠时使用普通动量步，之后使用乘以修正项的 Adam 步。</translation>
    </message>
    <message>
      <source>Rprop</source>
      <translation>Rprop</translation>
    </message>
    <message>
      <source>Resilient backpropagation: only the sign of the gradient counts; each coordinate's step grows while the sign holds and shrinks when it flips.</source>
      <translation>弹性反向传播：只看梯度的符号；符号不变时该坐标的步长增大，符号翻转时缩小。</translation>
    </message>
    <message>
      <source>Lion</source>
      <translation>Lion</translation>
    </message>
    <message>
      <source>Evolved sign momentum (Chen et al., 2023): every coordinate moves by exactly lr in the direction of an interpolated momentum's sign.</source>
      <translation>演化得到的符号动量（Chen 等，2023）：每个坐标都沿插值动量的符号方向恰好移动 lr。</translation>
    </message>
    <message>
      <source>Newton's method</source>
      <translation>牛顿法</translation>
    </message>
    <message>
      <source>Second order: divide the gradient by the curvature (the Hessian), jumping to the minimum of the local quadratic model. Damping adds λ·I to the Hessian.</source>
      <translation>二阶方法：用曲率（Hessian 矩阵）去除梯度，直接跳到局部二次模型的极小值。阻尼在 Hessian 上加 λ·I。</translation>
    </message>
    <message>
      <source>L-BFGS</source>
      <translation>L-BFGS</translation>
    </message>
    <message>
      <source>torch.optim.LBFGS: a quasi-Newton method that builds the curvature from the last history_size gradient changes; each step runs up to max_iter iterations, moving by lr or by a strong-Wolfe line search. Full batch.</source>
      <translation>torch.optim.LBFGS：一种拟牛顿法，用最近 history_size 次梯度变化构造曲率；每一步最多迭代 max_iter 次，按 lr 移动或用强 Wolfe 线搜索确定步长。使用全批量。</translation>
    </message>
  </context>
  <context>
    <name>losses</name>
    <message>
      <source>Ill-conditioned quadratic</source>
      <translation>病态二次函数</translation>
    </message>
    <message>
      <source>A rotated elliptic bowl: its curvature differs by the condition number between the two principal axes, so plain gradient descent zig-zags down the narrow direction.</source>
      <translation>旋转的椭圆碗：两个主轴方向的曲率相差条件数倍，因此普通梯度下降在狭窄方向上来回振荡。</translation>
    </message>
    <message>
      <source>Rosenbrock</source>
      <translation>Rosenbrock</translation>
    </message>
    <message>
      <source>The banana valley: easy to find, hard to follow to its minimum at (a, a²).</source>
      <translation>香蕉形山谷：很容易找到，却很难沿它走到 (a, a²) 处的极小值。</translation>
    </message>
    <message>
      <source>Beale</source>
      <translation>Beale</translation>
    </message>
    <message>
      <source>Flat plateaus and sharp ridges around a minimum at (3, 0.5) in a curved valley.</source>
      <translation>弯曲山谷中 (3, 0.5) 处的极小值，周围是平坦的高原和陡峭的山脊。</translation>
    </message>
    <message>
      <source>Himmelblau</source>
      <translation>Himmelblau</translation>
    </message>
    <message>
      <source>Four minima of equal depth: where a run ends depends on where it starts.</source>
      <translation>四个深度相同的极小值：运行最终落在哪里取决于从哪里出发。</translation>
    </message>
    <message>
      <source>Booth</source>
      <translation>Booth</translation>
    </message>
    <message>
      <source>A plain but skewed quadratic bowl with its minimum at (1, 3).</source>
      <translation>普通但倾斜的二次碗形函数，极小值在 (1, 3)。</translation>
    </message>
    <message>
      <source>Matyas</source>
      <translation>Matyas</translation>
    </message>
    <message>
      <source>A very flat, elongated bowl: gradients are tiny far from the minimum at the origin.</source>
      <translation>非常平坦狭长的碗形函数：远离原点处极小值的地方梯度也很小。</translation>
    </message>
    <message>
      <source>Three-hump camel</source>
      <translation>三峰驼函数</translation>
    </message>
    <message>
      <source>A global minimum at the origin between two shallower local minima.</source>
      <translation>原点处的全局极小值，位于两个较浅的局部极小值之间。</translation>
    </message>
    <message>
      <source>Six-hump camel</source>
      <translation>六峰驼函数</translation>
    </message>
    <message>
      <source>Two global minima and four local ones, with a saddle between every pair.</source>
      <translation>两个全局极小值和四个局部极小值，每两个之间都有一个鞍点。</translation>
    </message>
    <message>
      <source>Goldstein-Price</source>
      <translation>Goldstein-Price</translation>
    </message>
    <message>
      <source>Values from 3 to a million: a minimum of 3 at (0, −1) among several local minima.</source>
      <translation>取值从 3 到一百万：在若干局部极小值之间，(0, −1) 处的极小值为 3。</translation>
    </message>
    <message>
      <source>Rastrigin</source>
      <translation>Rastrigin</translation>
    </message>
    <message>
      <source>A bowl covered in ripples: a local minimum near every integer point.</source>
      <translation>布满波纹的碗形函数：每个整数点附近都有一个局部极小值。</translation>
    </message>
    <message>
      <source>Ackley</source>
      <translation>Ackley</translation>
    </message>
    <message>
      <source>A nearly flat, rippled plateau around one deep funnel at the origin.</source>
      <translation>几乎平坦、布满波纹的高原，中间是原点处一个很深的漏斗。</translation>
    </message>
    <message>
      <source>Styblinski-Tang</source>
      <translation>Styblinski-Tang</translation>
    </message>
    <message>
      <source>Four basins of different depth; the deepest is at (−2.90, −2.90).</source>
      <translation>四个深度不同的盆地；最深的在 (−2.90, −2.90)。</translation>
    </message>
    <message>
      <source>Saddle</source>
      <translation>鞍面</translation>
    </message>
    <message>
      <source>A saddle point at the origin: downhill along y forever, so every run leaves the map.</source>
      <translation>原点处的鞍点：沿 y 方向一直下坡，因此每个运行都会离开地形图。</translation>
    </message>
    <message>
      <source>Linear regression</source>
      <translation>线性回归</translation>
    </message>
    <message>
      <source>Mean squared error of a line w·a + b fitted to noisy points; the map's x is the slope w and its y the intercept b.</source>
      <translation>直线 w·a + b 拟合带噪声数据点的均方误差；地形图的 x 是斜率 w，y 是截距 b。</translation>
    </message>
    <message>
      <source>Logistic regression</source>
      <translation>逻辑回归</translation>
    </message>
    <message>
      <source>Binary cross-entropy of a logistic model σ(w₁a + w₂b) on two overlapping clusters; the map's axes are the two weights.</source>
      <translation>逻辑模型 σ(w₁a + w₂b) 在两个重叠簇上的二元交叉熵；地形图的两个坐标轴就是两个权重。</translation>
    </message>
  </context>
  <context>
    <name>hyperparameters</name>
    <message>
      <source>learning rate: the size of each step</source>
      <translation>学习率：每一步的大小</translation>
    </message>
    <message>
      <source>climb the loss instead of descending it</source>
      <translation>沿损失上升而不是下降</translation>
    </message>
    <message>
      <source>clip the gradient to this norm before the step (torch's clip_grad_norm_); off if unset</source>
      <translation>每步之前把梯度裁剪到此范数（torch 的 clip_grad_norm_）；未设置则关闭</translation>
    </message>
    <message>
      <source>momentum factor</source>
      <translation>动量系数</translation>
    </message>
    <message>
      <source>dampening of the momentum</source>
      <translation>动量的阻尼</translation>
    </message>
    <message>
      <source>Nesterov momentum (needs momentum &gt; 0 and no dampening)</source>
      <translation>Nesterov 动量（需要动量 &gt; 0 且无阻尼）</translation>
    </message>
    <message>
      <source>L2 penalty added to the gradient</source>
      <translation>加到梯度上的 L2 惩罚</translation>
    </message>
    <message>
      <source>fraction of the previous step carried over</source>
      <translation>保留上一步的比例</translation>
    </message>
    <message>
      <source>decay of the learning rate per step</source>
      <translation>每步学习率的衰减</translation>
    </message>
    <message>
      <source>starting sum of squared gradients</source>
      <translation>梯度平方和的初始值</translation>
    </message>
    <message>
      <source>added to the denominator for numerical stability</source>
      <translation>加到分母上以保证数值稳定</translation>
    </message>
    <message>
      <source>decay of the running mean of squared gradients</source>
      <translation>梯度平方滑动平均的衰减率</translation>
    </message>
    <message>
      <source>normalise by the variance of the gradient instead</source>
      <translation>改为按梯度的方差归一化</translation>
    </message>
    <message>
      <source>decay of the running averages</source>
      <translation>滑动平均的衰减率</translation>
    </message>
    <message>
      <source>decay of the running mean of gradients (momentum)</source>
      <translation>梯度滑动平均（动量）的衰减率</translation>
    </message>
    <message>
      <source>use the maximum of past squared-gradient means (AMSGrad)</source>
      <translation>使用过去梯度平方均值的最大值（AMSGrad）</translation>
    </message>
    <message>
      <source>decoupled weight decay: shrinks the weights each step</source>
      <translation>解耦的权重衰减：每步缩小权重</translation>
    </message>
    <message>
      <source>speed of the momentum warm-up</source>
      <translation>动量预热的速度</translation>
    </message>
    <message>
      <source>apply weight decay to the weights (as AdamW)</source>
      <translation>把权重衰减直接作用于权重（如 AdamW）</translation>
    </message>
    <message>
      <source>step shrink factor on a sign change</source>
      <translation>符号改变时步长的缩小系数</translation>
    </message>
    <message>
      <source>step growth factor while the sign holds</source>
      <translation>符号不变时步长的增长系数</translation>
    </message>
    <message>
      <source>smallest step</source>
      <translation>最小步长</translation>
    </message>
    <message>
      <source>largest step</source>
      <translation>最大步长</translation>
    </message>
    <message>
      <source>interpolation for the update's sign</source>
      <translation>用于更新符号的插值系数</translation>
    </message>
    <message>
      <source>decay of the momentum</source>
      <translation>动量的衰减率</translation>
    </message>
    <message>
      <source>decoupled weight decay</source>
      <translation>解耦的权重衰减</translation>
    </message>
    <message>
      <source>λ added to the Hessian's diagonal</source>
      <translation>加到 Hessian 对角线上的 λ</translation>
    </message>
    <message>
      <source>iterations per step</source>
      <translation>每步的迭代次数</translation>
    </message>
    <message>
      <source>evaluations per step (unset: max_iter * 5 / 4)</source>
      <translation>每步的函数求值次数（未设置：max_iter * 5 / 4）</translation>
    </message>
    <message>
      <source>stop when the largest gradient entry is below this</source>
      <translation>梯度的最大分量低于此值时停止</translation>
    </message>
    <message>
      <source>stop when the loss or the step changes less</source>
      <translation>损失或步长的变化小于此值时停止</translation>
    </message>
    <message>
      <source>curvature pairs kept</source>
      <translation>保留的曲率对数</translation>
    </message>
    <message>
      <source>strong_wolfe, or unset for fixed steps of lr</source>
      <translation>strong_wolfe；未设置则按 lr 固定步长</translation>
    </message>
    <message>
      <source>condition number κ: ratio of the two curvatures</source>
      <translation>条件数 κ：两个曲率之比</translation>
    </message>
    <message>
      <source>rotation of the principal axes in degrees</source>
      <translation>主轴的旋转角度（度）</translation>
    </message>
    <message>
      <source>standard deviation of Gaussian noise added to each gradient (stochastic steps)</source>
      <translation>加到每个梯度上的高斯噪声标准差（随机步）</translation>
    </message>
    <message>
      <source>position of the minimum (a, a²)</source>
      <translation>极小值的位置 (a, a²)</translation>
    </message>
    <message>
      <source>steepness of the valley walls</source>
      <translation>谷壁的陡峭程度</translation>
    </message>
    <message>
      <source>height of the ripples</source>
      <translation>波纹的高度</translation>
    </message>
    <message>
      <source>depth of the funnel</source>
      <translation>漏斗的深度</translation>
    </message>
    <message>
      <source>width of the funnel</source>
      <translation>漏斗的宽度</translation>
    </message>
    <message>
      <source>frequency of the ripples</source>
      <translation>波纹的频率</translation>
    </message>
    <message>
      <source>number of samples in the data set</source>
      <translation>数据集中的样本数</translation>
    </message>
    <message>
      <source>standard deviation of the noise on the targets</source>
      <translation>目标值噪声的标准差</translation>
    </message>
    <message>
      <source>seed of the synthetic data set</source>
      <translation>合成数据集的随机种子</translation>
    </message>
    <message>
      <source>spread of each cluster</source>
      <translation>每个簇的分散程度</translation>
    </message>
  </context>
  <context>
    <name>explain</name>
    <message>
      <source>weight decay added to the gradient</source>
      <translation>加到梯度上的权重衰减</translation>
    </message>
    <message>
      <source>θ + v   (lookahead)</source>
      <translation>θ + v   （前瞻点）</translation>
    </message>
    <message>
      <source>where g is taken</source>
      <translation>计算 g 的位置</translation>
    </message>
    <message>
      <source>sum of squared gradients</source>
      <translation>梯度平方之和</translation>
    </message>
    <message>
      <source>per-coordinate step size</source>
      <translation>每个坐标的步长</translation>
    </message>
    <message>
      <source>1st moment</source>
      <translation>一阶矩</translation>
    </message>
    <message>
      <source>bias correction of m</source>
      <translation>m 的偏差修正</translation>
    </message>
    <message>
      <source>bias correction of v</source>
      <translation>v 的偏差修正</translation>
    </message>
    <message>
      <source>bias-corrected mean gradient</source>
      <translation>偏差修正后的平均梯度</translation>
    </message>
    <message>
      <source>effective step size</source>
      <translation>有效步长</translation>
    </message>
    <message>
      <source>η₊ if g·g_prev &gt; 0, η₋ if &lt; 0, else 1</source>
      <translation>g·g_prev &gt; 0 时取 η₊，&lt; 0 时取 η₋，否则取 1</translation>
    </message>
    <message>
      <source>diagonal of the Hessian (+ damping)</source>
      <translation>Hessian 的对角线（加阻尼）</translation>
    </message>
    <message>
      <source>off-diagonal of the Hessian</source>
      <translation>Hessian 的非对角元</translation>
    </message>
    <message>
      <source>(H + δI)⁻¹·g   (Newton direction)</source>
      <translation>(H + δI)⁻¹·g   （牛顿方向）</translation>
    </message>
    <message>
      <source>curvature pairs (Δθ, Δg) kept</source>
      <translation>保留的曲率对 (Δθ, Δg)</translation>
    </message>
    <message>
      <source>points where f and ∇f were evaluated</source>
      <translation>计算 f 和 ∇f 的点数</translation>
    </message>
    <message>
      <source>Σ t·d over the step's iterations</source>
      <translation>本步各次迭代的 Σ t·d</translation>
    </message>
    <message>
      <source>a step down the gradient</source>
      <translation>沿负梯度走一步</translation>
    </message>
    <message>
      <source>g   (first step)</source>
      <translation>g   （第一步）</translation>
    </message>
    <message>
      <source>momentum buffer, started at the gradient</source>
      <translation>动量缓冲，初值为梯度</translation>
    </message>
    <message>
      <source>buffer</source>
      <translation>缓冲</translation>
    </message>
    <message>
      <source>Nesterov: look along the buffer</source>
      <translation>Nesterov：沿缓冲方向前瞻</translation>
    </message>
    <message>
      <source>momentum buffer</source>
      <translation>动量缓冲</translation>
    </message>
    <message>
      <source>decoupled weight decay</source>
      <translation>解耦的权重衰减</translation>
    </message>
    <message>
      <source>variance rectification (ρ_t &gt; 5)</source>
      <translation>方差修正（ρ_t &gt; 5）</translation>
    </message>
    <message>
      <source>−lr·m̂   (ρ_t ≤ 5: no adaptive step yet)</source>
      <translation>−lr·m̂   （ρ_t ≤ 5：尚无自适应步长）</translation>
    </message>
    <message>
      <source>−H·g   (two-loop recursion over the stored pairs)</source>
      <translation>−H·g   （对已存曲率对的双循环递推）</translation>
    </message>
    <message>
      <source>step length along d (lr, or the line search's choice)</source>
      <translation>沿 d 的步长（lr，或线搜索选定的值）</translation>
    </message>
    <message>
      <source>∇f over the mini-batch</source>
      <translation>小批量上的 ∇f</translation>
    </message>
    <message>
      <source>the mean gradient of its samples</source>
      <translation>批量中各样本梯度的平均</translation>
    </message>
    <message>
      <source>g + σ·ξ   (gradient noise)</source>
      <translation>g + σ·ξ   （梯度噪声）</translation>
    </message>
    <message>
      <source>g·min(1, c/‖g‖)   (clipped)</source>
      <translation>g·min(1, c/‖g‖)   （裁剪）</translation>
    </message>
    <message>
      <source>−g   (maximize)</source>
      <translation>−g   （最大化）</translation>
    </message>
  </context>
</TS>